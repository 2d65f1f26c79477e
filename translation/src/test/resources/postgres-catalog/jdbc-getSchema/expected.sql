select current_schema() AS current_schema
