SELECT current_schema() AS current_schema
