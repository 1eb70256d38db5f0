package dev.atrium.leader.ha;

import dev.atrium.testing.AtriumReplicas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The replicas' reconcile journals ({@code --reconcile-journal}) merged into controller terms:
 * {@code <identity> start|stop <epoch-nanos>} per replica, and the harness's kill times. A
 * killed replica's open term ends when it was killed; the current leader's open term runs on.
 */
final class LeadershipJournal {

    record Term(String identity, long start, long end) {
        String describe(long origin) {
            return "%s %.3f s .. %s".formatted(identity, (start - origin) / 1e9,
                    end == Long.MAX_VALUE ? "now" : "%.3f s".formatted((end - origin) / 1e9));
        }
    }

    final List<Term> terms = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    /**
     * @param from         only terms that end at or after this time (epoch nanos) are kept
     * @param currentHolder the Lease's holder now, whose open term has not ended
     */
    static LeadershipJournal read(Path dir, long from, Optional<String> currentHolder) {
        LeadershipJournal journal = new LeadershipJournal();
        Map<Integer, List<Long>> kills = new HashMap<>();
        for (String line : lines(dir.resolve("kills.log"))) {
            String[] f = line.split(" ");
            kills.computeIfAbsent(Integer.parseInt(f[0].substring("atrium-".length())), k -> new ArrayList<>())
                    .add(Long.parseLong(f[2]));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("atrium-\\d+\\.log")).sorted().toList()) {
                Map<String, Long> open = new LinkedHashMap<>();
                for (String line : lines(file)) {
                    String[] f = line.split(" ");
                    long at = Long.parseLong(f[2]);
                    if (f[1].equals("start")) {
                        if (open.containsKey(f[0])) {
                            journal.problems.add(f[0] + " started a term while its previous one was open");
                        }
                        open.put(f[0], at);
                    } else {
                        Long start = open.remove(f[0]);
                        if (start != null) {
                            journal.add(new Term(f[0], start, at), from);
                        }
                    }
                }
                for (var unfinished : open.entrySet()) {
                    String identity = unfinished.getKey();
                    long start = unfinished.getValue();
                    Optional<Long> killed = kills.getOrDefault(AtriumReplicas.indexOf(identity), List.of()).stream()
                            .filter(k -> k > start).min(Long::compare);
                    if (killed.isPresent()) {
                        journal.add(new Term(identity, start, killed.get()), from);
                    } else if (currentHolder.equals(Optional.of(identity))) {
                        journal.add(new Term(identity, start, Long.MAX_VALUE), from);
                    } else if (start >= from) {
                        journal.problems.add(identity + " started a term and neither stopped it nor was killed");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        journal.terms.sort(Comparator.comparingLong(Term::start));
        return journal;
    }

    private void add(Term term, long from) {
        if (term.end() >= from) {
            terms.add(term);
        }
    }

    /** Pairs of terms of different identities that overlap in time. */
    List<String> overlaps(long origin) {
        List<String> overlaps = new ArrayList<>(problems);
        for (int i = 0; i < terms.size(); i++) {
            for (int j = i + 1; j < terms.size(); j++) {
                Term a = terms.get(i);
                Term b = terms.get(j);
                if (!a.identity().equals(b.identity()) && b.start() < a.end() && a.start() < b.end()) {
                    overlaps.add(a.describe(origin) + " overlaps " + b.describe(origin));
                }
            }
        }
        return overlaps;
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
