package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.switchboard.core.config.AuthConfig;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the streamable HTTP transport must check before the SDK sees a request, in this
 * order: Origin and Host (DNS-rebinding protection, with the SDK's validator), the
 * {@code MCP-Protocol-Version} header, the bearer token, and the body size. Then it inspects
 * the JSON-RPC body ({@link IncomingMessages}): a {@code notifications/cancelled} cancels the
 * named call of that session and is answered here with 202.
 */
final class McpHttpFilter implements Filter {
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final McpOptions options;
    private final AuthConfig auth;
    private final QueryRegistry registry;
    private final Set<String> protocolVersions;
    private final DefaultServerTransportSecurityValidator securityValidator;

    McpHttpFilter(McpOptions options, AuthConfig auth, QueryRegistry registry, List<String> protocolVersions) {
        this.options = requireNonNull(options, "options is null");
        this.auth = requireNonNull(auth, "auth is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.protocolVersions = Set.copyOf(protocolVersions);
        this.securityValidator = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(options.allowedOrigins())
                .allowedHosts(options.allowedHosts())
                .build();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        try {
            securityValidator.validateHeaders(headers(request));
        } catch (ServerTransportSecurityException e) {
            reject(response, e.getStatusCode(), -32600, e.getMessage() + "; allowed origins and hosts are set by frontends.mcp.allowedOrigins/allowedHosts");
            return;
        }
        String version = request.getHeader(PROTOCOL_VERSION_HEADER);
        if (version != null && !protocolVersions.contains(version.strip())) {
            reject(response, HttpServletResponse.SC_BAD_REQUEST, -32600,
                    "Unsupported MCP-Protocol-Version '" + version + "'; supported: " + new java.util.TreeSet<>(protocolVersions));
            return;
        }
        Optional<String> user = authenticate(request);
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\", error=\"invalid_token\"");
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, -32001,
                    "Authentication required: send 'Authorization: Bearer <token>' with a token listed in frontends.mcp.tokens");
            return;
        }
        request.setAttribute(CallerResolver.USER, user.get());
        request.setAttribute(CallerResolver.AUTHENTICATED, options.requiresToken());
        AuthConfig.StaticUser known = auth.users().get(user.get());
        request.setAttribute(CallerResolver.GROUPS, known == null ? Set.of() : known.groups());
        request.setAttribute(CallerResolver.CLIENT_ADDRESS, request.getRemoteAddr());

        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, -32600,
                    "Request body larger than " + options.maxRequestSize() + " bytes (frontends.mcp.maxRequestSize)");
            return;
        }
        String sessionId = request.getHeader(SESSION_HEADER);
        IncomingMessages.Inspected inspected = IncomingMessages.inspect(new String(body, StandardCharsets.UTF_8), requestId -> {
            if (sessionId != null) {
                registry.cancelRequest(sessionId, requestId);
            }
        });
        if (inspected.errorResponse() != null) {
            // A parse error answers no request, so it is an HTTP error too; an invalid request gets its JSON-RPC answer.
            boolean parseError = inspected.errorResponse().equals(IncomingMessages.PARSE_ERROR);
            response.setStatus(parseError ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(inspected.errorResponse());
            return;
        }
        if (inspected.consumed()) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        chain.doFilter(new BodyRequest(request, inspected.text().getBytes(StandardCharsets.UTF_8)), response);
    }

    private Optional<String> authenticate(HttpServletRequest request) {
        if (!options.requiresToken()) {
            return Optional.of(options.anonymousUser());
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return options.userForToken(header.substring(7).strip());
    }

    /** The body, or null when it exceeds the limit. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > options.maxRequestSize()) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(options.maxRequestSize() + 1);
            return body.length > options.maxRequestSize() ? null : body;
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    /** An HTTP error whose body is a JSON-RPC error, as MCP clients expect. */
    static void reject(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + escaped + "\"}}");
    }

    /** The request with its body replaced by the inspected (possibly rewritten) text. */
    private static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the MCP body is already buffered; read it synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
