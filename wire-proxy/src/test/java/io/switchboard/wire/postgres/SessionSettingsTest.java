package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SessionSettingsTest {

    @Test
    void startupValuesAreTheDefaultsResetReturnsTo() {
        SessionSettings settings = new SessionSettings("15.0 (Switchboard)", "alice");
        settings.applyStartupParameter("application_name", "psql");
        settings.applyStartupParameter("DateStyle", "ISO");
        settings.set("application_name", "other");
        assertThat(settings.drainReports()).containsExactly(Map.entry("application_name", "other"));
        settings.reset("application_name");
        assertThat(settings.show("application_name")).contains("psql");
        assertThat(settings.show("datestyle")).contains("ISO, MDY");
        assertThat(settings.show("server_version_num")).contains("150000");
        assertThat(settings.clientValues()).containsEntry("application_name", "psql").containsEntry("DateStyle", "ISO, MDY");
        assertThat(settings.startupReport()).containsEntry("server_version", "15.0 (Switchboard)")
                .containsEntry("session_authorization", "alice").containsEntry("integer_datetimes", "on");
    }

    @Test
    void everyChangeCountsSoTheSessionIsBuiltAgain() {
        SessionSettings settings = new SessionSettings("15.0", "u");
        long start = settings.changeCount();
        settings.applyStartupParameter("application_name", "psql");
        long afterStartup = settings.changeCount();
        settings.set("switchboard.dialect", "trino");
        long afterSet = settings.changeCount();
        settings.resetAll();
        assertThat(afterStartup).isGreaterThan(start);
        assertThat(afterSet).isGreaterThan(afterStartup);
        assertThat(settings.changeCount()).isGreaterThan(afterSet);
        long unchanged = settings.changeCount();
        assertThatThrownBy(() -> settings.set("server_version", "1")).isInstanceOf(SwitchboardException.class);
        settings.show("application_name");
        assertThat(settings.changeCount()).as("a refused SET and a SHOW change nothing").isEqualTo(unchanged);
    }

    @Test
    void settingsThatChangeEncodingAreValidated() {
        SessionSettings settings = new SessionSettings("15.0", "u");
        settings.set("TimeZone", "America/New_York");
        assertThat(settings.zone()).isEqualTo(ZoneId.of("America/New_York"));
        settings.set("timezone", "GMT+05:00"); // POSIX: west of Greenwich
        assertThat(settings.zone()).isEqualTo(ZoneOffset.ofHours(-5));
        settings.set("timezone", "2");
        assertThat(settings.zone()).isEqualTo(ZoneOffset.ofHours(2));
        settings.set("extra_float_digits", "3");
        assertThat(settings.extraFloatDigits()).isEqualTo(3);
        settings.set("statement_timeout", "5s");
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        settings.set("statement_timeout", "250");
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofMillis(250));
        settings.set("client_encoding", "unicode");
        assertThat(settings.show("client_encoding")).contains("UTF8");
        assertThatThrownBy(() -> settings.set("client_encoding", "LATIN1")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("DateStyle", "German")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("IntervalStyle", "iso_8601")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("extra_float_digits", "4")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("timezone", "Nowhere/City")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("statement_timeout", "soon")).isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> settings.set("integer_datetimes", "off")).isInstanceOf(SwitchboardException.class);
    }

    @Test
    void theDialectSettingIsValidatedAndResetsToTheUsersDefault() {
        SessionSettings settings = new SessionSettings("15.0", "analyst", Dialect.TRINO);
        assertThat(settings.show("switchboard.dialect")).contains("trino");
        assertThat(settings.clientValues()).doesNotContainKey("switchboard.dialect");
        settings.set("switchboard.dialect", "MySQL");
        assertThat(settings.show("Switchboard.Dialect")).contains("mysql");
        assertThat(settings.clientValues()).containsEntry("switchboard.dialect", "mysql");
        assertThatThrownBy(() -> settings.set("switchboard.dialect", "cobol"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.sqlState()).contains("22023"))
                .hasMessageContaining("unknown SQL dialect 'cobol'; known dialects are postgres, mysql, trino, duckdb,"
                        + " clickhouse, starrocks, ansi");
        assertThat(settings.show("switchboard.dialect")).contains("mysql");
        settings.reset("switchboard.dialect");
        assertThat(settings.show("switchboard.dialect")).contains("trino");
        assertThat(new SessionSettings("15.0", "dba").show("switchboard.dialect")).contains("postgres");

        assertThat(settings.showTranslation()).isFalse();
        settings.set("switchboard.show_translation", "on");
        assertThat(settings.showTranslation()).isTrue();
        assertThat(settings.show("switchboard.show_translation")).contains("on");
        assertThatThrownBy(() -> settings.set("switchboard.show_translation", "sometimes")).isInstanceOf(SwitchboardException.class);
        settings.resetAll();
        assertThat(settings.showTranslation()).isFalse();
        assertThat(settings.all()).anySatisfy(row -> assertThat(row).startsWith("switchboard.dialect", "trino"));
    }

    @Test
    void commandLineOptionsOfTheStartupPacket() {
        assertThat(StartupExchange.commandLineOptions("-c search_path=analytics -cstatement_timeout=5s --work-mem=64MB -c a=b\\ c"))
                .containsExactly(Map.entry("search_path", "analytics"), Map.entry("statement_timeout", "5s"),
                        Map.entry("work_mem", "64MB"), Map.entry("a", "b c"));
        assertThatThrownBy(() -> StartupExchange.commandLineOptions("-x")).isInstanceOf(SwitchboardException.class);
    }
}
