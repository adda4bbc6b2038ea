package org.together.ingest.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link IndexStore} of one table (8 MiB of memory, nothing expired) in its own temporary directory for each
 * test, closed and removed after it: {@code @RegisterExtension final OneTableStore index = new OneTableStore(TABLE);}.
 */
public final class OneTableStore implements BeforeEachCallback, AfterEachCallback {

    private final String table;
    private Path dir;
    private IndexStore store;

    public OneTableStore(String table) {
        this.table = table;
    }

    public IndexStore store() {
        return store;
    }

    /** Closes the store and opens it again from its files, as an instance restarted on the same data dir does. */
    public IndexStore reopen() {
        store.close();
        store = open();
        return store;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("index-" + table + "-");
        store = open();
    }

    private IndexStore open() {
        return IndexStore.open(dir.resolve("index"), List.of(new IndexStore.TableSpec(table, 0)), 8L * 1024 * 1024);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        store.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
