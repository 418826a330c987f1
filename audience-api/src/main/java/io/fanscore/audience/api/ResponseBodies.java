package io.fanscore.audience.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.function.LongSupplier;

/** Writes JSON bodies and records every body's size for the metrics. */
final class ResponseBodies {

    private static final String BYTES_SENT = "fanscore.bytes-sent";

    static final String JSON_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseBodies() {}

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void json(Context ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        ctx.status(status).contentType(JSON_TYPE).result(bytes);
        recordBytes(ctx, () -> bytes.length);
    }

    static void error(Context ctx, int status, String code, String message) {
        json(ctx, status, object().put("error", code).put("message", message));
    }

    static void recordBytes(Context ctx, LongSupplier bytes) {
        ctx.attribute(BYTES_SENT, bytes);
    }

    static long bytesSent(Context ctx) {
        LongSupplier bytes = ctx.attribute(BYTES_SENT);
        return bytes == null ? 0 : bytes.getAsLong();
    }
}
