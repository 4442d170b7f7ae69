package io.llmrouter.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The routing-state items, as the records' own item mappers write them, packed into the body of one published
 * snapshot: a JSON array of items, GZIP'd. Each item keeps its attribute names and its sort key (which says what
 * kind of record it is); the partition key and {@code ttl} are left out, as the snapshot has its own. Strings stay
 * JSON strings, numbers JSON numbers with DynamoDB's exact text, flags booleans, lists arrays: the types items of
 * the routing state use. So a reader turns the body back into the same items and reads them with the same mappers:
 * one mapping per record, whether it came from a Query or from a published snapshot.
 */
final class PublishedSnapshotCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private PublishedSnapshotCodec() {
    }

    static SdkBytes encode(List<Map<String, AttributeValue>> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
             JsonGenerator out = JSON.createGenerator(gzip)) {
            out.writeStartArray();
            for (Map<String, AttributeValue> item : items) {
                out.writeStartObject();
                for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                    String name = attribute.getKey();
                    if (!name.equals(StateTable.PARTITION_KEY) && !name.equals(StateTable.TTL)) {
                        out.writeFieldName(name);
                        write(out, attribute.getValue());
                    }
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack the routing state", e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /** @throws IllegalArgumentException when the body is not a packed list of items */
    static List<Map<String, AttributeValue>> decode(SdkBytes body) {
        try (InputStream gzip = new GZIPInputStream(body.asInputStream());
             JsonParser in = JSON.createParser(gzip)) {
            expect(in.nextToken(), JsonToken.START_ARRAY);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
                expect(token, JsonToken.START_OBJECT);
                Map<String, AttributeValue> item = new HashMap<>();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    item.put(name, read(in, in.nextToken()));
                }
                items.add(item);
            }
            return items;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a packed routing state: " + e.getMessage(), e);
        }
    }

    private static void write(JsonGenerator out, AttributeValue value) throws IOException {
        switch (value.type()) {
            case S -> out.writeString(value.s());
            case N -> out.writeNumber(value.n());
            case BOOL -> out.writeBoolean(value.bool());
            case NUL -> out.writeNull();
            case L -> {
                out.writeStartArray();
                for (AttributeValue element : value.l()) {
                    write(out, element);
                }
                out.writeEndArray();
            }
            default -> throw new IllegalArgumentException("routing-state items hold no " + value.type() + " values");
        }
    }

    private static AttributeValue read(JsonParser in, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("the body ends in the middle of an item");
        }
        return switch (token) {
            case VALUE_STRING -> AttributeValue.fromS(in.getText());
            // getText is the number as written, so DynamoDB's text (say 1.5E-7) comes back unchanged.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> AttributeValue.fromN(in.getText());
            case VALUE_TRUE, VALUE_FALSE -> AttributeValue.fromBool(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> AttributeValue.fromNul(true);
            case START_ARRAY -> {
                List<AttributeValue> elements = new ArrayList<>();
                for (JsonToken next = in.nextToken(); next != JsonToken.END_ARRAY; next = in.nextToken()) {
                    elements.add(read(in, next));
                }
                yield AttributeValue.fromL(elements);
            }
            default -> throw new IOException("unexpected " + token);
        };
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
