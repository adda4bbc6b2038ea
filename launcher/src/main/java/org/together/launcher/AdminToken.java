package org.together.launcher;

import java.nio.file.Path;

/**
 * The coordination team's admin token: {@code TOGETHER_ADMIN_TOKEN} when set, otherwise generated once and kept in
 * {@code <data-dir>/admin-token}, readable by its owner only.
 */
public final class AdminToken {

    public static final String FILE_NAME = "admin-token";

    private AdminToken() {
    }

    public static KeptSecret resolve(String fromEnvironment, Path dataDir) {
        return KeptSecret.resolve(fromEnvironment, dataDir, FILE_NAME);
    }
}
