package dev.atrium.leader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only record of when this replica ran its controllers: {@code <identity> start
 * <epoch-nanos>} before a term's controllers start and {@code <identity> stop <epoch-nanos>} once
 * they have stopped, each line written and forced to disk at once. Tests merge the files of all
 * replicas to check that terms never overlap ({@code --reconcile-journal}).
 */
final class TermJournal {

    private static final Logger LOG = LoggerFactory.getLogger(TermJournal.class);
    static final TermJournal NONE = new TermJournal(null, "");

    private final FileChannel channel;
    private final String identity;

    private TermJournal(FileChannel channel, String identity) {
        this.channel = channel;
        this.identity = identity;
    }

    static TermJournal open(Optional<Path> file, String identity) throws IOException {
        if (file.isEmpty()) {
            return NONE;
        }
        Path path = file.get().toAbsolutePath();
        Files.createDirectories(path.getParent());
        return new TermJournal(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), identity);
    }

    void started() {
        append("start");
    }

    void stopped() {
        append("stop");
    }

    private synchronized void append(String event) {
        if (channel == null) {
            return;
        }
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String line = identity + " " + event + " " + nanos + "\n";
        try {
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            LOG.warn("cannot append to the reconcile journal: {}", e.toString());
        }
    }
}
