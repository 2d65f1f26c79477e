package io.switchboard.translation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.switchboard.translation.postgres.CatalogDuckDb.Result;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every captured client query, as the rewriter rewrites it, on a real DuckDB (duckdb_jdbc,
 * in memory) and checks what psql and pgjdbc read from the answers.
 */
final class PostgresCatalogDuckDbTest {
    private static CatalogDuckDb duckdb;

    @BeforeAll
    static void startDuckDb() throws Exception {
        duckdb = new CatalogDuckDb();
    }

    @AfterAll
    static void stopDuckDb() throws Exception {
        duckdb.close();
    }

    /**
     * Each query runs, and returns the columns PostgreSQL 15 returned for it when captured: same
     * count, same labels in the same order (PostgreSQL's {@code ?column?} for unnamed
     * expressions aside), and a type of the same family.
     */
    @TestFactory
    Stream<DynamicTest> everyRewrittenQueryRunsWithPostgresColumns() {
        return CatalogGoldenCase.all().stream().map(golden -> dynamicTest(golden.name(), () -> {
            Result result = duckdb.run(golden);
            List<String> expected = golden.postgresColumns();
            assertThat(result.labels()).as("columns of %s", golden.name()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                String pgLabel = expected.get(i).substring(0, expected.get(i).lastIndexOf(':'));
                String pgType = expected.get(i).substring(expected.get(i).lastIndexOf(':') + 1);
                if (!pgLabel.equals("?column?") && !POSITIONAL_LABELS.contains(golden.name() + "#" + (i + 1))) {
                    assertThat(result.labels().get(i)).as("label of column %d of %s", i + 1, golden.name()).isEqualTo(pgLabel);
                }
                assertThat(sameFamily(pgType, result.types().get(i)))
                        .as("column %s of %s: PostgreSQL %s, DuckDB %s", pgLabel, golden.name(), pgType, result.types().get(i))
                        .isTrue();
            }
        }));
    }

    @Test
    void psqlListsTablesViewsIndexesAndSchemas() throws Exception {
        Result tables = duckdb.run(CatalogGoldenCase.named("psql-dt"));
        assertThat(tables.column("Name")).containsExactly("lineitem", "nation", "orders", "region");
        assertThat(tables.column("Schema")).containsOnly("main");
        assertThat(tables.column("Type")).containsOnly("table");

        assertThat(duckdb.run(CatalogGoldenCase.named("psql-dt-pattern")).column("Name")).containsExactly("lineitem");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-dv")).column("Name")).containsExactly("asian_nations");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-ds")).column("Name")).containsExactly("order_seq");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-d")).column("Name"))
                .containsExactly("asian_nations", "lineitem", "nation", "order_seq", "orders", "region");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-di")).column("Name"))
                .contains("lineitem_shipdate_idx", "lineitem_l_orderkey_l_linenumber_pkey", "region_r_name_key");
        // \dn hides pg_catalog and information_schema, as on PostgreSQL.
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-dn")).column("Name")).containsExactly("main");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-l")).row(0)).startsWith("memory").contains("UTF8");
    }

    @Test
    void psqlDescribesATableAsPostgresWould() throws Exception {
        Result lookup = duckdb.query(duckdb.rewritten(CatalogGoldenCase.named("psql-d-table-01-lookup")));
        assertThat(lookup.rows()).hasSize(1);
        assertThat(lookup.row(0).subList(1, 3)).containsExactly("main", "lineitem");
        assertThat(((Number) lookup.row(0).get(0)).longValue()).isEqualTo(duckdb.oidOf("lineitem"));

        // relchecks, relkind, relhasindex, relhasrules, relhastriggers: psql decides which footers to query.
        Result relation = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-02-relation"), "lineitem");
        assertThat(relation.row(0).subList(0, 5)).containsExactly((short) 1, "r", true, false, true);

        Result columns = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-03-columns"), "lineitem");
        assertThat(columns.column(0)).containsExactly(
                "l_orderkey", "l_linenumber", "l_quantity", "l_extendedprice", "l_discount", "l_returnflag", "l_shipdate", "l_comment");
        assertThat(columns.column(1)).containsExactly(
                "bigint", "integer", "numeric(15,2)", "numeric(15,2)", "numeric(15,2)", "character varying", "date", "character varying");
        assertThat(columns.column(3)).containsExactly(true, true, false, false, false, false, false, false);
        assertThat(columns.column(2).get(5)).isEqualTo("'N'");

        Result indexes = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-04-indexes"), "lineitem");
        assertThat(indexes.column(0)).containsExactly("lineitem_l_orderkey_l_linenumber_pkey", "lineitem_shipdate_idx");
        assertThat(indexes.column(1)).containsExactly(true, false);
        // psql prints what follows " USING " in the definition.
        assertThat((String) indexes.column(5).get(0)).endsWith(" USING art (l_orderkey, l_linenumber)");
        assertThat((String) indexes.column(5).get(1)).endsWith(" USING art (l_shipdate)");

        Result checks = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-05-check-constraints"), "lineitem");
        assertThat(checks.column(0)).containsExactly("lineitem_l_quantity_check");
        assertThat((String) checks.column(1).get(0)).contains("l_quantity >= 0");

        Result foreignKeys = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-06-foreign-keys"), "lineitem");
        assertThat(foreignKeys.column("condef")).containsExactly("FOREIGN KEY (l_orderkey) REFERENCES orders(o_orderkey)");
        assertThat(foreignKeys.column("sametable")).containsExactly(true);

        Result referencedBy = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-07-referenced-by"), "orders");
        assertThat(referencedBy.column("ontable")).containsExactly("lineitem");
        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-table-07-referenced-by"), "lineitem").rows()).isEmpty();

        for (String absent : List.of("08-policies", "09-statistics", "10-publications", "11-triggers", "12-inherits", "13-partitions")) {
            assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-table-" + absent), "lineitem").rows()).as(absent).isEmpty();
        }
    }

    @Test
    void psqlDescribesAViewAnIndexASequenceAndAUniqueConstraint() throws Exception {
        Result view = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-02-relation"), "asian_nations");
        assertThat(view.row(0).get(1)).isEqualTo("v");
        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-plus-view-03-columns"), "asian_nations").column(1))
                .containsExactly("integer", "character varying");
        assertThat((String) duckdb.runFor(CatalogGoldenCase.named("psql-d-plus-view-04-definition"), "asian_nations").row(0).get(0))
                .startsWith("SELECT n_nationkey, n_name FROM nation");

        Result index = duckdb.runFor(CatalogGoldenCase.named("psql-d-index-04-index"), "lineitem_shipdate_idx");
        assertThat(index.rows()).hasSize(1);
        assertThat(index.column("amname")).containsExactly("art");
        assertThat(index.column("relname")).containsExactly("lineitem");
        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-index-03-columns"), "lineitem_shipdate_idx").row(0))
                .containsExactly("l_shipdate", "date", "yes", "l_shipdate");

        Result regionIndexes = duckdb.runFor(CatalogGoldenCase.named("psql-d-table-04-indexes"), "region");
        assertThat(regionIndexes.column("contype")).containsExactly("p", "u");

        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-table-02-relation"), "order_seq").row(0).get(1)).isEqualTo("S");
        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-sequence-03-sequence"), "order_seq").row(0))
                .containsExactly("bigint", 1L, 1L, Long.MAX_VALUE, 1L, "no", 1L);
        assertThat(duckdb.runFor(CatalogGoldenCase.named("psql-d-sequence-04-owned-by"), "order_seq").rows()).isEmpty();
    }

    @Test
    void pgjdbcGetColumnsSeesPostgresTypeOids() throws Exception {
        Result columns = duckdb.run(CatalogGoldenCase.named("jdbc-getColumns-02-columns"));
        assertThat(columns.column("attname")).containsExactly(
                "l_orderkey", "l_linenumber", "l_quantity", "l_extendedprice", "l_discount", "l_returnflag", "l_shipdate", "l_comment");
        // int8, int4, numeric x3, varchar, date, varchar: OIDs pgjdbc maps without asking the server.
        assertThat(columns.column("atttypid")).containsExactly(20L, 23L, 1700L, 1700L, 1700L, 1043L, 1082L, 1043L);
        // numeric(15,2): typmod ((15 << 16) | 2) + 4, from which pgjdbc derives precision and scale.
        assertThat(columns.column("atttypmod").get(2)).isEqualTo((15 << 16) + 2 + 4);
        assertThat(columns.column("attnotnull")).containsExactly(true, true, false, false, false, false, false, false);
        assertThat(columns.column("attnum")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(columns.column("adsrc").get(5)).isEqualTo("'N'");

        // Every OID getColumns returns is one pgjdbc's type lookup finds in pg_type.
        CatalogGoldenCase typeLookup = CatalogGoldenCase.named("jdbc-typeinfo-name-by-oid");
        for (long oid : List.of(20L, 23L, 1700L, 1043L, 1082L)) {
            Result type = duckdb.query(duckdb.runnable(typeLookup, List.of("'" + oid + "'")));
            assertThat(type.rows()).as("pg_type row for %d", oid).hasSize(1);
            assertThat(type.row(0).get(0)).as("pg_catalog is on the search path").isEqualTo(true);
            assertThat(type.row(0).get(1)).isEqualTo("pg_catalog");
        }
    }

    @Test
    void everyDuckDbColumnTypeHasAPostgresTypeClientsKnow() throws Exception {
        try (CatalogDuckDb types = new CatalogDuckDb()) {
            types.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");
            types.execute("CREATE TABLE alltypes (b BOOLEAN, ti TINYINT, i INTEGER, bi BIGINT, hi HUGEINT, ub UBIGINT,"
                    + " f FLOAT, d DOUBLE, dec DECIMAL(10,3), v VARCHAR, bl BLOB, dt DATE, t TIME, ttz TIMETZ, ts TIMESTAMP,"
                    + " tstz TIMESTAMPTZ, tsms TIMESTAMP_MS, iv INTERVAL, u UUID, j JSON, li INTEGER[], ls VARCHAR[],"
                    + " st STRUCT(a INTEGER), m MAP(VARCHAR, INTEGER), bt BIT, arr2 INTEGER[2], en mood)");
            Result columns = types.query(types.runnable(CatalogGoldenCase.named("jdbc-getColumns-02-columns"),
                    List.of("'main'", "'alltypes'", "'%'")));
            assertThat(columns.column("atttypid")).containsExactly(
                    16L, 21L, 23L, 20L, 1700L, 1700L, 700L, 701L, 1700L, 1043L, 17L, 1082L, 1083L, 1266L, 1114L,
                    1184L, 1114L, 1186L, 2950L, 114L, 1007L, 1015L, 114L, 114L, 1562L, 1007L, 25L);
            assertThat(columns.column("atttypmod").get(8)).isEqualTo((10 << 16) + 3 + 4);

            Result psql = types.runFor(CatalogGoldenCase.named("psql-d-table-03-columns"), "alltypes");
            assertThat(psql.column(1)).containsExactly(
                    "boolean", "smallint", "integer", "bigint", "numeric", "numeric", "real", "double precision",
                    "numeric(10,3)", "character varying", "bytea", "date", "time without time zone", "time with time zone",
                    "timestamp without time zone", "timestamp with time zone", "timestamp without time zone", "interval",
                    "uuid", "json", "integer[]", "character varying[]", "json", "json", "bit varying", "integer[]", "text");
        }
    }

    @Test
    void pgjdbcTablesSchemasAndCatalogs() throws Exception {
        Result tables = duckdb.run(CatalogGoldenCase.named("jdbc-getTables"));
        assertThat(tables.column("TABLE_NAME")).containsExactly("lineitem", "nation", "orders", "region", "asian_nations");
        assertThat(tables.column("TABLE_TYPE")).containsExactly("TABLE", "TABLE", "TABLE", "TABLE", "VIEW");
        assertThat(tables.column("TABLE_SCHEM")).containsOnly("main");
        assertThat(tables.column("TABLE_CAT")).containsOnly("memory");

        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getTables-one-table")).column("TABLE_NAME")).containsExactly("lineitem");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getTables-all-types")).column("TABLE_TYPE"))
                .contains("TABLE", "VIEW", "INDEX", "SEQUENCE", "SYSTEM VIEW");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getSchemas")).column("TABLE_SCHEM"))
                .containsExactly("information_schema", "main", "pg_catalog");
        assertThat(duckdb.query(duckdb.runnable(CatalogGoldenCase.named("jdbc-getSchemas-pattern"), List.of("'ma%'")))
                .column("TABLE_SCHEM")).containsExactly("main");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getCatalogs")).column("TABLE_CAT")).containsExactly("memory");
    }

    @Test
    void pgjdbcKeysAndIndexes() throws Exception {
        Result primaryKeys = duckdb.run(CatalogGoldenCase.named("jdbc-getPrimaryKeys"));
        assertThat(primaryKeys.column("COLUMN_NAME")).containsExactly("l_orderkey", "l_linenumber");
        assertThat(primaryKeys.column("KEY_SEQ")).containsExactly(1L, 2L);

        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getImportedKeys-01-max-index-keys")).column("setting")).containsExactly("32");
        Result imported = duckdb.run(CatalogGoldenCase.named("jdbc-getImportedKeys-02-keys"));
        assertThat(imported.rows()).hasSize(1);
        assertThat(imported.row(0).subList(1, 4)).containsExactly("main", "orders", "o_orderkey");
        assertThat(imported.row(0).subList(5, 8)).containsExactly("main", "lineitem", "l_orderkey");
        assertThat(imported.column("PK_NAME")).containsExactly("orders_o_orderkey_pkey");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getExportedKeys")).column("FKTABLE_NAME")).containsExactly("lineitem");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getCrossReference")).column("FKCOLUMN_NAME")).containsExactly("l_orderkey");

        Result indexes = duckdb.run(CatalogGoldenCase.named("jdbc-getIndexInfo"));
        assertThat(indexes.column("INDEX_NAME"))
                .containsExactly("lineitem_l_orderkey_l_linenumber_pkey", "lineitem_l_orderkey_l_linenumber_pkey", "lineitem_shipdate_idx");
        assertThat(indexes.column("COLUMN_NAME")).containsExactly("l_orderkey", "l_linenumber", "l_shipdate");
        assertThat(indexes.column("NON_UNIQUE")).containsExactly(false, false, true);

        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getBestRowIdentifier")).column("attname"))
                .containsExactly("l_orderkey", "l_linenumber");
    }

    @Test
    void pgjdbcTypesFunctionsAndProbes() throws Exception {
        Result types = duckdb.run(CatalogGoldenCase.named("jdbc-getTypeInfo-01-types"));
        assertThat(types.column("typname")).contains("int4", "int8", "numeric", "varchar", "text", "date", "timestamptz", "_int4");
        Result details = duckdb.run(CatalogGoldenCase.named("jdbc-getTypeInfo-02-type-details"));
        int isArray = details.labels().indexOf("is_array");
        assertThat(details.rows()).anySatisfy(row -> assertThat(row).startsWith(true, "b", "_int4"));
        assertThat(details.rows()).anySatisfy(row -> assertThat(row.get(isArray)).isEqualTo(false));

        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getFunctions")).column("FUNCTION_NAME")).containsExactly("discount_price");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getProcedures")).rows()).isEmpty();
        Result df = duckdb.run(CatalogGoldenCase.named("psql-df"));
        assertThat(df.column("Name")).containsExactly("discount_price");
        assertThat(df.column("Argument data types")).containsExactly("price anyelement, discount anyelement");

        assertThat((String) duckdb.run(CatalogGoldenCase.named("probe-version")).row(0).get(0))
                .startsWith("PostgreSQL 15.0 (Switchboard) on DuckDB v");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getTransactionIsolation")).row(0)).containsExactly("repeatable read");
        assertThat(duckdb.run(CatalogGoldenCase.named("jdbc-getSchema")).row(0)).containsExactly("main");
        assertThat(duckdb.run(CatalogGoldenCase.named("probe-pg-settings")).column("setting")).containsExactly("63", "on");
        assertThat(duckdb.run(CatalogGoldenCase.named("probe-pg-type")).column("oid")).containsExactly(23L, 1043L, 1082L, 1700L);
        assertThat((String) duckdb.run(CatalogGoldenCase.named("jdbc-getSQLKeywords")).row(0).get(0)).contains("qualify").doesNotContain(",select,");
        assertThat(duckdb.run(CatalogGoldenCase.named("psql-du")).column("rolname")).hasSize(1);
    }

    /**
     * Unaliased CASE and scalar-subquery columns: PostgreSQL derives a label from inside the
     * expression, DuckDB uses the expression's text. psql reads these columns by position.
     */
    private static final Set<String> POSITIONAL_LABELS = Set.of(
            "psql-d-table-02-relation#12", "psql-d-plus-table-02-relation#12", "psql-d-table-03-columns#3",
            "psql-d-plus-table-03-columns#3", "psql-d-plus-view-03-columns#3");

    private static final Set<String> TEXT = Set.of("name", "text", "char", "bpchar", "varchar", "regclass", "regtype", "regproc");
    private static final Set<String> INTEGER = Set.of("int2", "int4", "int8", "oid");

    /**
     * Whether a DuckDB column carries what the client expects from a PostgreSQL type: clients
     * read these results as text (psql) or with pgjdbc getters that parse any integer width.
     */
    private static boolean sameFamily(String postgresType, String duckdbType) {
        String duck = duckdbType.toUpperCase(Locale.ROOT).replace("\"", "");
        if (duck.equals("NULL")) {
            // The client's own untyped NULL; PostgreSQL types it text, the frontend sends it so.
            return TEXT.contains(postgresType);
        }
        if (TEXT.contains(postgresType)) {
            return duck.equals("VARCHAR");
        }
        if (INTEGER.contains(postgresType)) {
            return Set.of("SMALLINT", "INTEGER", "BIGINT").contains(duck);
        }
        return switch (postgresType) {
            case "bool" -> duck.equals("BOOLEAN");
            case "float4", "float8" -> duck.equals("FLOAT") || duck.equals("DOUBLE");
            case "timestamptz" -> duck.equals("TIMESTAMP WITH TIME ZONE");
            default -> postgresType.startsWith("_") || postgresType.endsWith("vector") ? duck.endsWith("[]") : false;
        };
    }
}
