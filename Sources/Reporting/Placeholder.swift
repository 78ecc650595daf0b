// Reporting: console tables, CSV and JSON.
