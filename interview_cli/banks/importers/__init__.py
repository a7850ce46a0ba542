"""Importers for question banks kept in foreign formats: one module per format, then assemble."""
