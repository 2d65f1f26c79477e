package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class SchemaMigratorTest {

    @Test
    void everyScriptInTheResourceFolderIsListedInOrder() throws IOException, URISyntaxException {
        Path folder = Path.of(SchemaMigrator.class.getClassLoader().getResource(SchemaMigrator.RESOURCE_FOLDER).toURI());
        List<String> onDisk;
        try (Stream<Path> files = Files.list(folder)) {
            onDisk = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).toList();
        }
        assertThat(SchemaMigrator.SCRIPTS).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(SchemaMigrator.load()).extracting(SchemaMigrator.Migration::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, onDisk.size()).boxed().toList());
    }

    @Test
    void theFirstScriptCreatesEveryRecordColumn() {
        String script = SchemaMigrator.load().get(0).script();
        for (String column : List.of("query_id", "received_at", "user_name", "frontend", "client_address", "database_name",
                "sql_text", "fingerprint", "statement_kind", "verdicts", "routing_trace", "group_name", "cluster_name",
                "engine", "translation_status", "translation_reason", "stage_timings", "elapsed_us", "rows", "bytes",
                "outcome", "error_code", "error_message", "agent_id", "conversation_id", "step_index", "tool_call_id",
                "intent")) {
            assertThat(script).containsPattern("(?m)^\\s+" + column + "\\s");
        }
    }
}
