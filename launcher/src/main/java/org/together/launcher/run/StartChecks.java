package org.together.launcher.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.together.launcher.EnvDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What would make a start fail half-way, checked before anything is written or started, each naming the setting to
 * change: a data dir that is a file, an address that is not this machine's, a port given twice or in use.
 */
final class StartChecks {

    /** A server of the stack: the option that sets its port, what it is, the address it listens on and the port (0: any free one). */
    record Listener(String option, String what, String host, int port) {
    }

    private StartChecks() {
    }

    /** The data dir must be a directory or not exist yet: a file is refused before its mode or a lock touches it. */
    static void dataDir(CommandSpec command, EnvDefaults env, Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CommandLine.ParameterException(command.commandLine(), env.source(command, "--data-dir") + " "
                    + dataDir + " is a file, not a directory: give a directory (created if missing); the file is left as it is");
        }
    }

    /** The address the HTTP services listen on must be one of this machine's (or 0.0.0.0 / :: for all of them). */
    static void host(CommandSpec command, EnvDefaults env, String host) {
        String named = env.source(command, "--host") + " " + host;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(command.commandLine(), named
                    + " is not an address, nor a host name this machine can resolve: give one of its addresses, "
                    + "127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(command.commandLine(), named + " (" + address.getHostAddress()
                    + ") cannot be listened on, it is not an address of this machine (" + e.getMessage() + "): give one of "
                    + "its addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
    }

    /**
     * Each server needs a port of its own (whatever address it listens on), free on its address: one in use is reported
     * now, naming its option, rather
     * than by the server once Kafka and the registry have started.
     *
     * @throws CommandLine.ParameterException two servers are given the same port
     * @throws IllegalStateException a port is in use by another program, or cannot be listened on
     */
    static void ports(CommandSpec command, EnvDefaults env, List<Listener> listeners) {
        Map<Integer, Listener> byPort = new HashMap<>();
        for (Listener listener : listeners) {
            if (listener.port() == 0) {
                continue;
            }
            Listener other = byPort.putIfAbsent(listener.port(), listener);
            if (other != null) {
                throw new CommandLine.ParameterException(command.commandLine(), env.source(command, other.option()) + " and "
                        + env.source(command, listener.option()) + " are both " + listener.port() + ": " + other.what()
                        + " and " + listener.what() + " each need a port of their own");
            }
        }
        for (Listener listener : listeners) {
            if (listener.port() == 0) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                // as the servers do: connections of a stack just stopped, left in TIME_WAIT, do not hold the port
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(listener.host(), listener.port()));
            } catch (IOException e) {
                String setting = env.source(command, listener.option());
                String where = listener.host() + ":" + listener.port() + " (" + listener.what() + ", " + setting + ")";
                String message = String.valueOf(e.getMessage());
                throw new IllegalStateException(message.contains("in use")
                        ? where + " is in use by another program: stop it, or give " + setting + " another port"
                        : "cannot listen on " + where + ": " + message);
            }
        }
    }
}
