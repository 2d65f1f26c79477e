SELECT 'repeatable read' AS transaction_isolation
