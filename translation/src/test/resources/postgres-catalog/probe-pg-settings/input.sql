SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN ('max_identifier_length', 'standard_conforming_strings') ORDER BY name
