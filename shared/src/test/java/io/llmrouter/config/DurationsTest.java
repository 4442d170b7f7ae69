package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "30s, PT30S",
            "500ms, PT0.5S",
            "5m, PT5M",
            "1h, PT1H",
            "24h, PT24H",
            "1h30m, PT1H30M",
            "1.5h, PT1H30M",
            "250us, PT0.00025S",
            "0s, PT0S",
            "PT30S, PT30S",
            "pt2m, PT2M",
            "' 45s ', PT45S"})
    void readsGoAndIsoDurations(String text, String expected) {
        assertEquals(Duration.parse(expected), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "30       | needs a unit, e.g. 30s, 500ms, 5m or 1h",
            "1.5      | needs a unit, e.g. 30s, 500ms, 5m or 1h",
            "-5s      | must not be negative",
            "PT-5S    | must not be negative",
            "5 s      | must be a duration like 30s, 500ms, 5m, 1h30m or PT30S (units: ns, us, ms, s, m, h)",
            "2d       | must be a duration like 30s, 500ms, 5m, 1h30m or PT30S (units: ns, us, ms, s, m, h)",
            "PT5X     | is not an ISO-8601 duration like PT30S"})
    void refusesWhatIsNotADuration(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void aBareNumberInTheConfigIsReportedWithItsPath() {
        String yaml = """
                router: {healthCheckInterval: 0s, hysteresis: {holdTime: 30}}
                clusters: [{name: c, endpoint: 'http://127.0.0.1:1', costPerHour: 1}]
                """;

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, Map.of()));

        assertEquals(List.of(
                "router.healthCheckInterval: must be longer than zero, got 0s",
                "router.hysteresis.holdTime: needs a unit, e.g. 30s, 500ms, 5m or 1h, got 30"), e.problems());
    }
}
