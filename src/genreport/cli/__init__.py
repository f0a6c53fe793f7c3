"""The `genreport` command: parses arguments, calls the pipeline, prints."""
