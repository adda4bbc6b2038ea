package org.together.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A TCP port: 1 to 65535, or 0 for any free one (which every server here supports). Refused while the command line is
 * read, before anything starts: the system would refuse it only once the broker and the registry were up.
 */
public final class PortConverter implements ITypeConverter<Integer> {

    static final String RULE = "a port is 1 to 65535 (0: any free port)";

    @Override
    public Integer convert(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new TypeConversionException("'" + value + "' is not a port: " + RULE);
    }
}
