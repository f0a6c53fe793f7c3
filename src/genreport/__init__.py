"""genreport: 部门整体支出绩效自评报告 and 自评表 from one YAML file per union and year."""

__version__ = "0.1.0"
