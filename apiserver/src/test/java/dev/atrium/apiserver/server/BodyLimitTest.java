package dev.atrium.apiserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.testing.TestPki;
import io.undertow.server.HttpServerExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request bodies over 3 MiB get 413 with a Status, over HTTP/1.1 (sized and chunked) and HTTP/2. */
class BodyLimitTest {

    private static final int LIMIT = 3 * 1024 * 1024;
    private static final TestPki PKI = new TestPki();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.builder()
                .host("127.0.0.1")
                .port(0)
                .keyManager(PKI.servingKeyManager())
                .handler(BodyLimitTest::countBody)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void countBody(HttpServerExchange exchange) throws IOException {
        long size = exchange.getInputStream().transferTo(OutputStream.nullOutputStream());
        exchange.getResponseSender().send("read " + size);
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {}

    @Test
    void declaredLengthOverLimitIsRefusedWithoutReadingTheBody() throws Exception {
        for (long length : new long[] {LIMIT + 1, 100L * LIMIT}) {
            try (SSLSocket socket = connect()) {
                // Only the headers go out: the answer must come without the server waiting for the body.
                write(socket, "POST /apis HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + length + "\r\n\r\n");
                RawResponse response = read(socket.getInputStream());
                assertTooLarge(response.status(), response.body());
                if (length > 2 * LIMIT) {
                    assertEquals("close", response.headers().get("connection"), "too much to discard");
                }
            }
        }
    }

    @Test
    void chunkedBodyOverLimitIsRefused() throws Exception {
        try (SSLSocket socket = connect()) {
            write(socket, "POST /apis HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            writeChunked(socket.getOutputStream(), LIMIT + 1);
            RawResponse response = read(socket.getInputStream());
            assertTooLarge(response.status(), response.body());
        }
    }

    @Test
    void chunkedBodyAtLimitIsRead() throws Exception {
        try (SSLSocket socket = connect()) {
            write(socket, "POST /apis HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            writeChunked(socket.getOutputStream(), LIMIT);
            RawResponse response = read(socket.getInputStream());
            assertEquals(200, response.status());
            assertEquals("read " + LIMIT, response.body());
        }
    }

    // OkHttp (as client-java uses). Over HTTP/2 the server reads a refused body to its end before
    // answering: a stream reset on unread data cost Go's client (kube-apiserver's proxy) the answer
    // and stalled the shared connection for every later request body (BadInputIT shows it end to end).
    @Test
    void http2BodiesOverLimitAreRefused() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder()
                .sslSocketFactory(PKI.clientContext(null).getSocketFactory(),
                        TestPki.trustManager(PKI.servingCa.certificate()))
                .callTimeout(Duration.ofSeconds(20))
                .socketFactory(new NoDelaySocketFactory())
                .build();
        try {
            String url = "https://127.0.0.1:" + server.port() + "/apis";
            byte[] body = new byte[LIMIT + 1];

            try (Response sized = client.newCall(new Request.Builder().url(url)
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
                assertEquals(Protocol.HTTP_2, sized.protocol());
                assertTooLarge(sized.code(), sized.body().string());
            }
            try (Response unsized = client.newCall(new Request.Builder().url(url).post(streamed(body)).build())
                    .execute()) {
                assertTooLarge(unsized.code(), unsized.body().string());
            }
            byte[] huge = new byte[2 * LIMIT + 1];
            try (Response sizedHuge = client.newCall(new Request.Builder().url(url)
                    .post(RequestBody.create(huge, MediaType.get("application/json"))).build()).execute()) {
                assertTooLarge(sizedHuge.code(), sizedHuge.body().string());
            }
            try (Response unsizedHuge = client.newCall(new Request.Builder().url(url).post(streamed(huge)).build())
                    .execute()) {
                assertTooLarge(unsizedHuge.code(), unsizedHuge.body().string());
            }
            try (Response atLimit = client.newCall(new Request.Builder().url(url)
                    .post(streamed(new byte[LIMIT])).build()).execute()) {
                assertEquals(Protocol.HTTP_2, atLimit.protocol());
                assertEquals("read " + LIMIT, atLimit.body().string(), "the shared connection still takes bodies");
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Plain sockets with Nagle off, as Go's (kube-apiserver's) connections have. */
    private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
        private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

        @Override
        public java.net.Socket createSocket() throws IOException {
            var socket = plain.createSocket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local,
                int localPort) {
            throw new UnsupportedOperationException();
        }
    }

    /** A body of unknown length: no content-length, so only counting can catch it. */
    private static RequestBody streamed(byte[] body) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(body);
            }
        };
    }

    private static void assertTooLarge(int status, String body) {
        assertEquals(413, status, body);
        JsonObject json = JsonParser.parseString(body).getAsJsonObject();
        assertEquals("Status", json.get("kind").getAsString());
        assertEquals("v1", json.get("apiVersion").getAsString());
        assertEquals("Failure", json.get("status").getAsString());
        assertEquals("RequestEntityTooLarge", json.get("reason").getAsString());
        assertEquals(413, json.get("code").getAsInt());
    }

    private static SSLSocket connect() throws IOException {
        var socket = (SSLSocket) PKI.clientContext(null).getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    private static void write(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static void writeChunked(OutputStream out, int total) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int remaining = total;
        try {
            while (remaining > 0) {
                int size = Math.min(chunk.length, remaining);
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk, 0, size);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                remaining -= size;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // The server may answer and close before the last bytes are written; the answer is still readable.
        }
    }

    private static RawResponse read(InputStream raw) throws IOException {
        var in = new BufferedInputStream(raw);
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        var headers = new HashMap<String, String>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
