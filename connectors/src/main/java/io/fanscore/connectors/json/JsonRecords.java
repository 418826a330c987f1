package io.fanscore.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines with SPEC field names ↔ Avro records, for people at a terminal ({@code fanscore
 * produce} / {@code consume}). Times are epoch milliseconds (ISO-8601 strings are accepted on
 * input), bytes are base64, enums are their symbol names. An enum symbol the schema does not know
 * becomes the enum's default (UNKNOWN), so the job can dead-letter it as SPEC §9 says.
 */
public final class JsonRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {}

    public static <T extends SpecificRecordBase> T fromJson(String line, Class<T> type) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a record is a JSON object");
        }
        @SuppressWarnings("unchecked")
        T record = (T) SpecificData.newInstance(type, SpecificData.get().getSchema(type));
        for (Schema.Field field : record.getSchema().getFields()) {
            JsonNode value = node.get(field.name());
            if (value == null || value.isNull()) {
                if (!isNullable(field.schema())) {
                    throw new IllegalArgumentException("missing field " + field.name());
                }
                record.put(field.pos(), null);
            } else {
                record.put(field.pos(), fromJson(value, field.schema(), field.name()));
            }
        }
        return record;
    }

    public static String toJson(SpecificRecordBase record) {
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), toJson(record.get(field.pos())));
        }
        return node.toString();
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream()
                                .anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    private static Object fromJson(JsonNode value, Schema schema, String name) {
        switch (schema.getType()) {
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                for (Schema branch : branches) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return fromJson(value, branch, name);
                    }
                }
                throw new IllegalArgumentException(name + ": no non-null branch");
            }
            case STRING -> {
                return value.asText();
            }
            case INT -> {
                long whole = wholeNumber(value, name);
                if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(name + " does not fit an int: " + value);
                }
                return (int) whole;
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return instantOf(value, name);
                }
                return wholeNumber(value, name);
            }
            case BOOLEAN -> {
                return value.asBoolean();
            }
            case BYTES -> {
                return ByteBuffer.wrap(Base64.getDecoder().decode(value.asText()));
            }
            case ENUM -> {
                String symbol = value.asText();
                if (!schema.hasEnumSymbol(symbol)) {
                    if (schema.getEnumDefault() == null) {
                        throw new IllegalArgumentException(name + ": unknown symbol " + symbol);
                    }
                    symbol = schema.getEnumDefault();
                }
                return SpecificData.get().createEnum(symbol, schema);
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.fields()
                        .forEachRemaining(
                                entry ->
                                        map.put(
                                                entry.getKey(),
                                                fromJson(
                                                        entry.getValue(),
                                                        schema.getValueType(),
                                                        name + "." + entry.getKey())));
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonNode item : value) {
                    list.add(fromJson(item, schema.getElementType(), name + "[]"));
                }
                return list;
            }
            default ->
                    throw new IllegalArgumentException(
                            name + ": unsupported type " + schema.getType());
        }
    }

    /** An integer, also when written as a whole floating-point number (1.0E10) or a string. */
    private static long wholeNumber(JsonNode value, String name) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.asText().strip().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asText().strip()); // a number sent as a string
        }
        if (value.isFloatingPointNumber()) {
            double number = value.doubleValue();
            if (number == Math.rint(number) && Math.abs(number) < 0x1p63) {
                return (long) number;
            }
        }
        throw new IllegalArgumentException(name + " must be an integer, got " + value);
    }

    /** A top-level text field of a JSON object line, if the line is one and has it. */
    public static java.util.Optional<String> textField(String line, String field) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode value = node == null ? null : node.get(field);
            return value != null && value.isTextual()
                    ? java.util.Optional.of(value.asText())
                    : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private static Instant instantOf(JsonNode value, String name) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(wholeNumber(value, name));
        }
        String text = value.asText().strip();
        if (text.matches("-?\\d{1,18}")) {
            return Instant.ofEpochMilli(Long.parseLong(text)); // epoch millis sent as a string
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be epoch milliseconds or an ISO-8601 instant, got " + value);
        }
    }

    private static JsonNode toJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Instant instant) {
            return JSON.getNodeFactory().numberNode(instant.toEpochMilli());
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Integer i) {
            return JSON.getNodeFactory().numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.getNodeFactory().numberNode(l);
        }
        if (value instanceof Boolean b) {
            return JSON.getNodeFactory().booleanNode(b);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = JSON.createObjectNode();
            map.forEach((key, item) -> node.set(key.toString(), toJson(item)));
            return node;
        }
        if (value instanceof List<?> list) {
            ArrayNode node = JSON.createArrayNode();
            list.forEach(item -> node.add(toJson(item)));
            return node;
        }
        return JSON.getNodeFactory().textNode(value.toString());
    }
}
