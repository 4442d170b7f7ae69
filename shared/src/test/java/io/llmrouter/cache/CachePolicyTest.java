package io.llmrouter.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.cache.CachePolicy.Use;
import io.llmrouter.config.CacheMode;
import io.llmrouter.config.CacheSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Temperature 0 by default; the request's headers have the last word; each key may have its own default. */
class CachePolicyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final CacheSettings SETTINGS = new CacheSettings(true, Duration.ofSeconds(300), CacheMode.DETERMINISTIC,
            Map.of("batch", CacheMode.ALWAYS, "careful", CacheMode.OPT_IN), 10);

    static Use decide(String key, String header, String cacheControl, String body) throws Exception {
        return CachePolicy.decide(SETTINGS, key, header, cacheControl, JSON.readTree(body));
    }

    @Test
    void byDefaultOnlyTemperatureZeroUsesTheCache() throws Exception {
        assertEquals(Use.USE, decide("anonymous", null, null, "{\"temperature\":0}"));
        assertEquals(Use.USE, decide("anonymous", null, null, "{\"temperature\":0.0}"));
        assertEquals(Use.BYPASS, decide("anonymous", null, null, "{\"temperature\":0.7}"));
        assertEquals(Use.BYPASS, decide("anonymous", null, null, "{}"), "absent: the provider's default, 1");
    }

    @Test
    void theRequestHeadersHaveTheLastWord() throws Exception {
        assertEquals(Use.USE, decide("anonymous", "on", null, "{\"temperature\":1}"));
        assertEquals(Use.USE, decide("careful", " ON ", null, "{}"));
        assertEquals(Use.BYPASS, decide("batch", "off", null, "{\"temperature\":0}"));
        assertEquals(Use.BYPASS, decide("anonymous", null, "max-age=0, no-store", "{\"temperature\":0}"));
        assertEquals(Use.BYPASS, decide("anonymous", "on", "no-store", "{\"temperature\":0}"), "no-store wins");
        assertEquals(Use.BAD_HEADER, decide("anonymous", "yes", null, "{\"temperature\":0}"));
    }

    @Test
    void aKeysOwnModeReplacesTheDefault() throws Exception {
        assertEquals(Use.USE, decide("batch", null, null, "{\"temperature\":1.2}"));
        assertEquals(Use.BYPASS, decide("careful", null, null, "{\"temperature\":0}"));
    }
}
