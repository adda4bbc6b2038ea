package org.together.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose sees it: parsed, with {@code ${VAR}}, {@code ${VAR:-default}} and
 * {@code ${VAR:?error}} interpolated from the given variables (the shell or an --env-file), and profiles applied.
 */
public final class ComposeFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // $$ is a literal dollar; ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $NAME
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One published port: {@code "[address:]host:container"}; an empty address is every interface. */
    public record Port(int host, int container, String address) {
    }

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    public static ComposeFile load(Path file, Map<String, String> variables) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            return new ComposeFile(interpolate(tree, variables));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** KEY=VALUE lines as Compose reads an --env-file: comments and blank lines skipped, no quotes needed. */
    public static Map<String, String> readEnvFile(Path file) {
        try {
            Map<String, String> variables = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ": not KEY=VALUE: " + line);
                }
                variables.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
            return variables;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every service the file defines, whatever its profiles. */
    public List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The services {@code docker compose up} starts with these profiles active. */
    public List<String> activeServices(Set<String> profiles) {
        return serviceNames().stream().filter(name -> {
            JsonNode declared = service(name).path("profiles");
            if (declared.isMissingNode() || declared.isEmpty()) {
                return true;
            }
            for (JsonNode profile : declared) {
                if (profiles.contains(profile.asText())) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    public JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new IllegalArgumentException("docker-compose.yml has no service '" + name + "'");
        }
        return service;
    }

    public Optional<String> image(String service) {
        JsonNode image = service(service).path("image");
        return image.isTextual() ? Optional.of(image.asText()) : Optional.empty();
    }

    /** The environment of a service, in map or list form. */
    public Map<String, String> environment(String service) {
        JsonNode env = service(service).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (env.isArray()) {
            for (JsonNode entry : env) {
                String text = entry.asText();
                int eq = text.indexOf('=');
                result.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return result;
    }

    public List<Port> ports(String service) {
        List<Port> ports = new ArrayList<>();
        for (JsonNode port : service(service).path("ports")) {
            if (port.isObject()) {
                ports.add(new Port(port.path("published").asInt(), port.path("target").asInt(), port.path("host_ip").asText("")));
                continue;
            }
            String[] parts = port.asText().replace("/tcp", "").split(":");
            if (parts.length < 2) {
                throw new IllegalArgumentException(service + ": port '" + port.asText() + "' publishes no fixed host port");
            }
            ports.add(new Port(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]),
                    parts.length > 2 ? String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2)) : ""));
        }
        return ports;
    }

    /** Names of the services this one waits for (short or long depends_on syntax). */
    public List<String> dependsOn(String service) {
        JsonNode depends = service(service).path("depends_on");
        List<String> names = new ArrayList<>();
        if (depends.isArray()) {
            depends.forEach(n -> names.add(n.asText()));
        } else {
            depends.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Named volumes declared at the top level. */
    public Set<String> declaredVolumes() {
        Set<String> names = new java.util.TreeSet<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Top-level secrets: name -> the file they are read from, as written (relative to the compose file). */
    public Map<String, String> secretFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        root.path("secrets").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().path("file").asText()));
        return files;
    }

    /** Names of the secrets a service mounts at /run/secrets/NAME (short or long syntax). */
    public List<String> secrets(String service) {
        List<String> names = new ArrayList<>();
        for (JsonNode secret : service(service).path("secrets")) {
            names.add(secret.isObject() ? secret.path("source").asText() : secret.asText());
        }
        return names;
    }

    /** A service's volumes as {@code source -> target} (short syntax, mode dropped). */
    public Map<String, String> volumes(String service) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (JsonNode volume : service(service).path("volumes")) {
            if (volume.isObject()) {
                volumes.put(volume.path("source").asText(), volume.path("target").asText());
            } else {
                String[] parts = volume.asText().split(":");
                volumes.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
            }
        }
        return volumes;
    }

    /** Volume sources a service mounts (the part before the colon). */
    public List<String> volumeSources(String service) {
        List<String> sources = new ArrayList<>();
        for (JsonNode volume : service(service).path("volumes")) {
            sources.add(volume.isObject() ? volume.path("source").asText() : volume.asText().split(":")[0]);
        }
        return sources;
    }

    private static JsonNode interpolate(JsonNode node, Map<String, String> variables) {
        if (node.isTextual()) {
            return new TextNode(interpolate(node.asText(), variables));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), interpolate(field.getValue(), variables));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = YAML.createArrayNode();
            node.forEach(element -> copy.add(interpolate(element, variables)));
            return copy;
        }
        return node;
    }

    static String interpolate(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = variables.getOrDefault(m.group(4), "");
            } else {
                String name = m.group(1);
                String operator = m.group(2);
                String argument = m.group(3) == null ? "" : m.group(3);
                String value = variables.get(name);
                boolean unsetOrEmpty = value == null || value.isEmpty();
                boolean missing = operator != null && operator.startsWith(":") ? unsetOrEmpty : value == null;
                if (operator == null) {
                    replacement = value == null ? "" : value;
                } else if (operator.endsWith("-")) {
                    replacement = missing ? interpolate(argument, variables) : value;
                } else if (missing) {
                    throw new IllegalArgumentException("required variable " + name + " is missing: " + argument);
                } else {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
