package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which statements the frontend answers itself, recognized from tokens. */
final class LocalStatementTest {

    @Test
    void settings() {
        assertThat(recognize("SET application_name = 'my app'")).contains(new LocalStatement.Set("application_name", "my app"));
        assertThat(recognize("set SESSION search_path TO analytics, \"Public\"")).contains(
                new LocalStatement.Set("search_path", "analytics, \"Public\""));
        assertThat(recognize("SET extra_float_digits = -3;")).contains(new LocalStatement.Set("extra_float_digits", "-3"));
        assertThat(recognize("SET TIME ZONE 'Europe/Paris'")).contains(new LocalStatement.Set("TimeZone", "Europe/Paris"));
        assertThat(recognize("SET TIME ZONE LOCAL")).contains(new LocalStatement.Set("TimeZone", null));
        assertThat(recognize("SET statement_timeout TO DEFAULT")).contains(new LocalStatement.Set("statement_timeout", null));
        assertThat(recognize("SET my.option = on")).contains(new LocalStatement.Set("my.option", "on"));
        assertThat(recognize("SET NAMES 'UTF8'")).contains(new LocalStatement.Set("client_encoding", "UTF8"));
        assertThat(recognize("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED"))
                .contains(new LocalStatement.SetTransaction());
        assertThat(recognize("SET TRANSACTION READ ONLY")).contains(new LocalStatement.SetTransaction());
        assertThat(recognize("SET ROLE admin")).get().isInstanceOf(LocalStatement.Refused.class);
        assertThat(recognize("RESET ALL")).contains(new LocalStatement.Reset(null));
        assertThat(recognize("RESET search_path")).contains(new LocalStatement.Reset("search_path"));
        assertThat(recognize("SHOW ALL")).contains(new LocalStatement.Show(null));
        assertThat(recognize("SHOW TRANSACTION ISOLATION LEVEL")).contains(new LocalStatement.Show("transaction_isolation"));
        assertThat(recognize("show DateStyle")).contains(new LocalStatement.Show("datestyle"));
        // Shapes that are not client settings go to the engine.
        assertThat(recognize("SET x = 1 + 2")).isEmpty();
        assertThat(recognize("SHOW TABLES FROM main")).isEmpty();
        assertThat(recognize("SETTINGS")).isEmpty();
    }

    @Test
    void theQuickLookAtTheFirstWordAgreesWithTheLexer() {
        // Queries are turned away without lexing; anything else that could start a statement
        // above gets the full look.
        assertThat(recognize("SELECT 1")).isEmpty();
        assertThat(recognize("  with t as (select 1) select * from t")).isEmpty();
        assertThat(recognize("\n\t show search_path")).contains(new LocalStatement.Show("search_path"));
        assertThat(recognize("/* a comment first */ SET application_name = 'x'")).contains(new LocalStatement.Set("application_name", "x"));
        assertThat(recognize("-- a comment first\nBEGIN")).contains(new LocalStatement.Begin());
        assertThat(recognize("(SELECT 1)")).isEmpty();
        assertThat(recognize("SET_config")).isEmpty();
        assertThat(recognize("SHOW2")).isEmpty();
        assertThat(recognize("SETé = 1")).isEmpty();
        assertThat(recognize("DEALLOCATEX")).isEmpty();
        assertThat(recognize("DEALLOCATE ALL")).isPresent();
        assertThat(recognize("")).isEmpty();
        assertThat(recognize("   ")).isEmpty();
    }

    @Test
    void transactionControl() {
        assertThat(recognize("BEGIN")).contains(new LocalStatement.Begin());
        assertThat(recognize("begin transaction isolation level serializable, read only")).contains(new LocalStatement.Begin());
        assertThat(recognize("START TRANSACTION")).contains(new LocalStatement.Begin());
        assertThat(recognize("COMMIT")).contains(new LocalStatement.Commit());
        assertThat(recognize("END WORK")).contains(new LocalStatement.Commit());
        assertThat(recognize("ROLLBACK")).contains(new LocalStatement.Rollback());
        assertThat(recognize("ABORT")).contains(new LocalStatement.Rollback());
        assertThat(recognize("ROLLBACK TO SAVEPOINT s1")).contains(new LocalStatement.Savepoint("ROLLBACK"));
        assertThat(recognize("SAVEPOINT s1")).contains(new LocalStatement.Savepoint("SAVEPOINT"));
        assertThat(recognize("RELEASE SAVEPOINT s1")).contains(new LocalStatement.Savepoint("RELEASE"));
        assertThat(recognize("COMMIT PREPARED 'x'")).get().isInstanceOf(LocalStatement.Refused.class);
        assertThat(recognize("PREPARE TRANSACTION 'x'")).get().isInstanceOf(LocalStatement.Refused.class);
        assertThat(recognize("PREPARE q AS SELECT 1")).isEmpty();
        assertThat(recognize("END_OF_DAY")).isEmpty();
    }

    @Test
    void copyDiscardAndDeallocate() {
        assertThat(recognize("COPY t FROM STDIN WITH (FORMAT csv)")).get().isInstanceOf(LocalStatement.Refused.class);
        assertThat(recognize("COPY (SELECT 1) TO STDOUT")).get().isInstanceOf(LocalStatement.Refused.class);
        assertThat(recognize("COPY t TO '/tmp/file.csv'")).isEmpty(); // the engine writes its own file
        assertThat(recognize("DISCARD ALL")).contains(new LocalStatement.Discard("ALL"));
        assertThat(recognize("DISCARD TEMPORARY")).contains(new LocalStatement.Discard("TEMP"));
        assertThat(recognize("DEALLOCATE PREPARE S_1")).contains(new LocalStatement.Deallocate("s_1"));
        assertThat(recognize("DEALLOCATE \"S_1\"")).contains(new LocalStatement.Deallocate("S_1"));
        assertThat(recognize("DEALLOCATE ALL")).contains(new LocalStatement.Deallocate(null));
        assertThat(recognize("SELECT 'SET x = 1'")).isEmpty();
        assertThat(recognize("/* SET */ SELECT 1")).isEmpty();
    }

    private static Optional<LocalStatement> recognize(String sql) {
        return LocalStatement.recognize(sql);
    }
}
