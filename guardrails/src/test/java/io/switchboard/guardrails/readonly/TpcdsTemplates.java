package io.switchboard.guardrails.readonly;

import io.switchboard.guardrails.GuardTesting;

/**
 * The 99 TPC-DS queries as io.trino:trino-benchto-benchmarks ships them for Trino, with their
 * {@code ${database}} and {@code ${schema}} placeholders filled in (Trino's tpcds catalog, sf1).
 */
final class TpcdsTemplates {
    private TpcdsTemplates() {}

    static String query(String name) {
        String template = GuardTesting.resourceText("/sql/presto/tpcds/" + name + ".sql");
        return template.replace("${database}", "tpcds").replace("${schema}", "sf1").strip();
    }
}
