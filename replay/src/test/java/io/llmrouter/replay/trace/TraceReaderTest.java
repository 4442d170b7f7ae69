package io.llmrouter.replay.trace;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TraceReaderTest {

    private static Trace read(String csv) {
        return TraceReader.read("t.csv", new StringReader(csv));
    }

    private static String error(String csv) {
        return assertThrows(TraceFormatException.class, () -> read(csv)).getMessage();
    }

    @Test
    void arrivalsCountFromTheFirstRowWithFractionalSeconds() {
        Trace trace = read("TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                + "2023-11-16 18:17:03.9799600,4808,10\r\n"
                + "2023-11-16 18:17:04.0319600,3180,8\r\n"
                + "2023-11-16 18:17:05,110,27\r\n"
                + "\r\n"
                + "2023-11-16 18:18:05.5,7,1");
        assertEquals(4, trace.size());
        TraceRequest first = trace.requests().get(0);
        assertEquals(new TraceRequest(0, 0.0, 4808, 10), first);
        assertEquals(0.052, trace.requests().get(1).arrivalSeconds(), 1e-9);
        assertEquals(1.02004, trace.requests().get(2).arrivalSeconds(), 1e-9);
        assertEquals(61.52004, trace.requests().get(3).arrivalSeconds(), 1e-9);
        assertEquals(3, trace.requests().get(3).index());
        assertEquals(61.52004, trace.durationSeconds(), 1e-9);
        assertEquals("t.csv", trace.name());
    }

    @Test
    void malformedRowsAreNamedByLineAndReason() {
        String header = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
        assertEquals("t.csv: empty file; expected the header TIMESTAMP,ContextTokens,GeneratedTokens", error(""));
        assertEquals("t.csv:1: expected the header TIMESTAMP,ContextTokens,GeneratedTokens, got 'time,in,out'",
                error("time,in,out\n2023-11-16 18:17:03,1,1\n"));
        assertEquals("t.csv: no requests after the header", error(header));
        assertEquals("t.csv:3: expected 3 fields (TIMESTAMP,ContextTokens,GeneratedTokens), got 2: '2023-11-16 18:17:04,5'",
                error(header + "2023-11-16 18:17:03,1,1\n2023-11-16 18:17:04,5\n"));
        assertEquals("t.csv:2: TIMESTAMP '18:17:03' is not a date-time like 2023-11-16 18:17:03.9799600",
                error(header + "18:17:03,1,1\n"));
        assertEquals("t.csv:2: ContextTokens 'many' is not a whole number", error(header + "2023-11-16 18:17:03,many,1\n"));
        assertEquals("t.csv:2: GeneratedTokens '2.5' is not a whole number", error(header + "2023-11-16 18:17:03,1,2.5\n"));
        assertEquals("t.csv:2: ContextTokens -4 is negative", error(header + "2023-11-16 18:17:03,-4,1\n"));
        assertEquals("t.csv:3: TIMESTAMP 2023-11-16 18:17:02.5 is earlier than the row before it; rows must be in time order",
                error(header + "2023-11-16 18:17:03,1,1\n2023-11-16 18:17:02.5,1,1\n"));
    }

    @Test
    void readsTheShippedAzureTraces() {
        Trace code = TraceReader.read(Path.of("traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv"));
        Trace conv = TraceReader.read(Path.of("traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv"));
        assertEquals(8819, code.size());
        assertEquals(19366, conv.size());
        assertEquals(new TraceRequest(0, 0, 4808, 10), code.requests().get(0));
        assertEquals(new TraceRequest(0, 0, 374, 44), conv.requests().get(0));
        // About an hour each: 18:17:03.9799600 to 19:14:19.9280160, 18:15:46.6805900 to 19:14:08.4025270.
        assertEquals(3435.948056, code.durationSeconds(), 1e-6);
        assertEquals(3501.721937, conv.durationSeconds(), 1e-6);
    }
}
