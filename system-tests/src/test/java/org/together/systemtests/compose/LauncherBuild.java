package org.together.systemtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the launcher module's build produces and what its sources declare, read from launcher/pom.xml and
 * launcher/src/main/java: the images are built from this output, so the two must agree.
 */
final class LauncherBuild {

    private final Path module;
    private final Document pom;
    private final String sources;

    private LauncherBuild(Path module, Document pom, String sources) {
        this.module = module;
        this.pom = pom;
        this.sources = sources;
    }

    static LauncherBuild of(Path checkout) {
        Path module = checkout.resolve("launcher");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document pom = factory.newDocumentBuilder().parse(module.resolve("pom.xml").toFile());
            StringBuilder sources = new StringBuilder();
            Path javaSources = module.resolve("src/main/java");
            if (Files.isDirectory(javaSources)) {
                try (Stream<Path> files = Files.walk(javaSources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        sources.append("// FILE ").append(module.relativize(file)).append('\n')
                                .append(Files.readString(file)).append('\n');
                    }
                }
            }
            return new LauncherBuild(module, pom, sources.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + module.resolve("pom.xml") + ": " + e.getMessage(), e);
        }
    }

    /** The jar the build writes, relative to the checkout: launcher/target/{finalName}.jar. */
    Optional<String> jar() {
        return text(child(pom.getDocumentElement(), "build"), "finalName")
                .map(name -> "launcher/target/" + name + ".jar");
    }

    /** Where copy-dependencies puts the runtime classpath, relative to the checkout (launcher/target/lib). */
    Optional<String> dependencyDirectory() {
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            boolean copies = execution.getElementsByTagName("goal").getLength() > 0
                    && textContents(execution.getElementsByTagName("goal")).contains("copy-dependencies");
            if (!copies) {
                continue;
            }
            Optional<String> output = text(child(execution, "configuration"), "outputDirectory");
            String prefix = "${project.build.directory}/";
            if (output.isPresent() && output.get().startsWith(prefix)) {
                return Optional.of("launcher/target/" + output.get().substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /** The Main-Class the jar's manifest names. */
    Optional<String> manifestMainClass() {
        NodeList mains = pom.getElementsByTagName("mainClass");
        return mains.getLength() == 0 ? Optional.empty() : Optional.of(mains.item(0).getTextContent().strip());
    }

    /** A class of the launcher's sources with a {@code main} method. */
    boolean hasMainClass(String className) {
        Path file = module.resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
        try {
            return Files.isRegularFile(file) && Files.readString(file).contains("public static void main(String[] args)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code together <name>} exists: a class declares {@code @Command(name = "<name>")} and the
     * root command lists that class among its subcommands.
     */
    boolean declaresSubcommand(String name) {
        Matcher declaration = Pattern.compile(
                "@Command\\(\\s*name\\s*=\\s*\"" + Pattern.quote(name) + "\".*?\\bclass\\s+(\\w+)",
                Pattern.DOTALL).matcher(sources);
        if (!declaration.find()) {
            return false;
        }
        String className = declaration.group(1);
        return sources.contains(className + ".class");
    }

    /** Whether the launcher's sources name this environment variable (as a string literal). */
    boolean readsVariable(String variable) {
        return sources.contains("\"" + variable + "\"");
    }

    /** Whether {@code TOGETHER_KAFKA_*} variables are passed through as Kafka client properties. */
    boolean passesKafkaPropertiesThrough() {
        return sources.contains("\"TOGETHER_KAFKA_\"");
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static Optional<String> text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? Optional.empty() : Optional.of(child.getTextContent().strip());
    }

    private static List<String> textContents(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }
}
