package io.switchboard.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;

/**
 * The JSON mapper of our MCP transports. The SDK's HTTP transport (2.1.0) writes its HTTP-level
 * errors (unknown session, malformed body, wrong content type) by serializing the
 * {@link McpError} exception itself, which would send clients a Java stack trace instead of a
 * JSON-RPC error; here such an error serializes as {@code {"jsonrpc":"2.0","id":null,"error":{...}}}.
 */
final class McpJson {
    private McpJson() {}

    static McpJsonMapper mapper() {
        SimpleModule errors = new SimpleModule("switchboard-mcp-errors");
        errors.addSerializer(McpError.class, new StdSerializer<>(McpError.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(McpError error, JsonGenerator json, SerializerProvider provider) throws IOException {
                McpSchema.JSONRPCResponse.JSONRPCError body = error.getJsonRpcError();
                json.writeStartObject();
                json.writeStringField("jsonrpc", McpSchema.JSONRPC_VERSION);
                json.writeNullField("id");
                json.writeObjectFieldStart("error");
                json.writeNumberField("code", body == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : body.code());
                json.writeStringField("message", body == null ? String.valueOf(error.getMessage()) : body.message());
                if (body != null && body.data() != null) {
                    json.writeObjectField("data", body.data());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
        });
        return new JacksonMcpJsonMapper(new ObjectMapper().registerModule(errors));
    }
}
