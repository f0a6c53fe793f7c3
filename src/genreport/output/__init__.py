"""What is written beside the documents: the stamp, PDFs, and where LibreOffice is."""
