package org.together.embedded;

import java.nio.file.Path;

/** Another embedded stack, in this process or another, holds the data directory. */
public final class DataDirectoryInUseException extends IllegalStateException {

    private final Path dataDir;
    private final String holder;

    DataDirectoryInUseException(Path dataDir, String holder) {
        super("the data directory " + dataDir + " is in use by another TOGETHER stack"
                + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop it first, or give this one another data directory");
        this.dataDir = dataDir;
        this.holder = holder;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** What the lock file says of its holder, like "process 4242"; empty when it says nothing. */
    public String holder() {
        return holder;
    }
}
