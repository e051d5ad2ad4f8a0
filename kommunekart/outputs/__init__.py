"""Files a view becomes: tables, file names, the handout canvas and its rendering."""
