package io.switchboard.guardrails.readonly;

import java.util.Set;

/**
 * The words and functions the ReadOnly guard judges by, across PostgreSQL, MySQL, Trino, DuckDB
 * and ClickHouse. Kept in one place so that the documentation and the tests read the same lists.
 */
public final class ReadOnlyVocabulary {
    private ReadOnlyVocabulary() {}

    /** First words of statements that only read. {@code EXPLAIN} is judged by what it explains. */
    static final Set<String> READ_FIRST_WORDS = Set.of(
            "SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE", "DESC", "SUMMARIZE", "PIVOT", "UNPIVOT",
            "EXISTS");

    /** First words of transaction control. */
    static final Set<String> TRANSACTION_WORDS = Set.of(
            "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE");

    /**
     * Words that make a statement write (or lock, or leave the database) wherever they appear in
     * code: a data-modifying CTE ({@code WITH d AS (DELETE ...)}), MySQL's
     * {@code WITH ... UPDATE}, {@code SELECT ... INTO}, {@code INTO OUTFILE}, {@code FOR UPDATE},
     * {@code LOCK IN SHARE MODE}. A qualified part ({@code t.update}) is a name, not a keyword.
     */
    static final Set<String> WRITE_WORDS = Set.of(
            "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "INTO", "OUTFILE", "DUMPFILE", "LOCK");

    /**
     * Keywords of statements that are not reads. The statement check refuses them as a
     * statement's first word; inside a statement they are refused where a statement could start
     * (after an opening parenthesis, after a WITH clause, after DESCRIBE or SUMMARIZE), so that a
     * column named {@code load}, {@code share} or {@code grant} elsewhere stays a column.
     */
    static final Set<String> STATEMENT_WORDS = Set.of(
            "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "DENY", "COPY", "CALL", "EXECUTE", "EXEC",
            "PREPARE", "DEALLOCATE", "DO", "ATTACH", "DETACH", "INSTALL", "LOAD", "PRAGMA", "VACUUM", "ANALYZE",
            "ANALYSE", "CHECKPOINT", "EXPORT", "IMPORT", "RENAME", "UNLOAD", "REINDEX", "REFRESH", "LISTEN", "NOTIFY",
            "UNLISTEN", "UNLOCK", "OPTIMIZE", "UNDROP", "BACKUP", "RESTORE", "SET", "RESET", "USE", "CLUSTER", "COMMENT",
            "SECURITY", "DISCARD", "SYSTEM", "KILL", "FLUSH", "HANDLER", "SHUTDOWN", "EXCHANGE", "FORCE", "BEGIN",
            "START", "COMMIT", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "XA", "WATCH", "MOVE", "CHECK");

    /**
     * Write words that are also ordinary functions when a parenthesis follows: MySQL's
     * {@code insert(str, pos, len, new)}, {@code replace(...)}, {@code truncate(x, d)}, ClickHouse's
     * {@code merge(db, regexp)} table function, DuckDB's {@code SELECT * REPLACE (...)}.
     */
    static final Set<String> WRITE_WORDS_THAT_ARE_ALSO_FUNCTIONS = Set.of("INSERT", "REPLACE", "TRUNCATE", "MERGE");

    /**
     * Functions denied by default: file and network access, large objects, remote databases,
     * sleeping and locking, settings and sequences, and functions that run SQL given as text.
     * Names are compared case-insensitively, whatever their schema; a trailing {@code *} denies a
     * family ({@code read_*}).
     */
    public static final Set<String> DEFAULT_DENIED_FUNCTIONS = Set.of(
            // PostgreSQL: files, large objects, remote databases, server control, SQL as text
            "pg_read_*", "pg_ls_*", "pg_stat_file", "pg_file_*", "pg_logdir_ls", "lo_*", "lowrite", "loread", "dblink*",
            "pg_sleep*", "set_config", "nextval", "setval", "pg_advisory_*", "pg_try_advisory_*", "pg_terminate_backend",
            "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal", "pg_wal_*", "pg_create_restore_point",
            "pg_promote", "pg_notify", "pg_logical_*", "pg_create_*_replication_slot", "pg_drop_replication_slot",
            "pg_copy_*_replication_slot", "pg_replication_*", "pg_stat_reset*", "pg_stat_statements_reset",
            "pg_backup_*", "pg_start_backup", "pg_stop_backup", "query_to_xml*", "cursor_to_xml*", "txid_current",
            "pg_current_xact_id", "pg_import_system_collations", "pg_log_backend_memory_contexts",
            // DuckDB: files, URLs, other databases, SQL as text, environment, logging and resources
            "read_*", "parquet_*", "glob", "sniff_csv", "st_read*", "iceberg_*", "delta_scan", "sqlite_*", "postgres_*",
            "mysql_*", "query", "query_table", "getenv", "http_get", "http_post", "load_aws_credentials",
            "duckdb_secrets", "which_secret", "checkpoint", "force_checkpoint", "setseed", "sleep_ms", "write_log",
            "json_execute_serialized_sql", "arrow_scan*", "create_external_resource", "destroy_external_resource",
            "register_external_resource*", "deregister_external_resource", "enable_logging", "disable_logging",
            "enable_profiling", "disable_profiling", "truncate_duckdb_logs",
            // ClickHouse: table functions that reach files, URLs and other servers; models read from files
            "file", "filecluster", "url", "urlcluster", "remote", "remotesecure", "cluster", "clusterallreplicas",
            "s3", "s3cluster", "gcs", "hdfs", "hdfscluster", "azureblobstorage", "azureblobstoragecluster",
            "mysql", "postgresql", "sqlite", "mongodb", "redis", "jdbc", "odbc", "input", "executable", "executablepool",
            "deltalake", "hudi", "iceberg", "sleep", "sleepeachrow", "catboostevaluate", "modelevaluate",
            // MySQL: files, sleeping, locks, user-defined command execution
            "load_file", "benchmark", "get_lock", "release_lock", "release_all_locks", "master_pos_wait",
            "source_pos_wait", "sys_exec", "sys_eval", "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids",
            // Trino: pass-through SQL to a connector's database
            "raw_query");

    /** Settings a read-only session may change: presentation only, never identity or access. */
    public static final Set<String> DEFAULT_ALLOWED_SETTINGS = Set.of(
            "application_name", "timezone", "time zone", "datestyle", "intervalstyle", "extra_float_digits",
            "client_encoding", "client_min_messages", "statement_timeout", "names");

    /** File suffixes that make DuckDB read a file for a table name ({@code FROM "data.csv"}). */
    static final Set<String> FILE_SUFFIXES = Set.of(
            "csv", "tsv", "txt", "parquet", "json", "jsonl", "ndjson", "gz", "zst", "xlsx", "arrow", "ipc", "feather",
            "db", "duckdb", "sqlite", "avro", "orc", "tbl", "dat", "log");
}
