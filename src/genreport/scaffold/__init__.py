"""Writing data files and folders for a clerk: new years, new unions, a new folder."""
