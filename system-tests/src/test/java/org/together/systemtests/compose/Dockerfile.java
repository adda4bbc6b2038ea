package org.together.systemtests.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The instructions of a Dockerfile, continuation lines joined and comments dropped. */
record Dockerfile(Path path, List<Instruction> instructions) {

    /** One instruction: {@code COPY a b}, keyword upper-cased. */
    record Instruction(String keyword, String arguments) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Dockerfile parse(Path path) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(path)) {
                String trimmed = line.strip();
                if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    continue; // a comment inside a continued instruction
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String whole = pending.toString().strip();
                pending.setLength(0);
                if (whole.isEmpty()) {
                    continue;
                }
                int space = whole.indexOf(' ');
                instructions.add(space < 0
                        ? new Instruction(whole.toUpperCase(Locale.ROOT), "")
                        : new Instruction(whole.substring(0, space).toUpperCase(Locale.ROOT), whole.substring(space + 1).strip()));
            }
            return new Dockerfile(path, List.copyOf(instructions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
        List<Instruction> found = all(keyword);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The base images of every stage. */
    List<String> baseImages() {
        return all("FROM").stream().map(i -> i.arguments().split("\\s+")).map(words -> {
            int i = 0;
            while (words[i].startsWith("--")) {
                i++;
            }
            return words[i];
        }).toList();
    }

    /** The source paths of every COPY/ADD from the build context (not from another stage). */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (Instruction i : instructions) {
            if (!i.keyword().equals("COPY") && !i.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(i.arguments().split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            if (words.size() < 2) {
                throw new IllegalArgumentException(path + ": " + i + " has no source and destination");
            }
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    /** ENTRYPOINT in exec form, as its list of words. */
    List<String> entrypoint() {
        Instruction entrypoint = last("ENTRYPOINT")
                .orElseThrow(() -> new IllegalArgumentException(path + " has no ENTRYPOINT"));
        try {
            JsonNode words = JSON.readTree(entrypoint.arguments());
            if (!words.isArray()) {
                throw new IllegalArgumentException(path + ": ENTRYPOINT is not in exec form (a JSON array)");
            }
            List<String> result = new ArrayList<>();
            words.forEach(w -> result.add(w.asText()));
            return result;
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": ENTRYPOINT is not in exec form (a JSON array): " + e.getMessage(), e);
        }
    }
}
