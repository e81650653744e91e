package dev.jdock.cli.command.container;

import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The docker CLI's {@code --env-file} and {@code --label-file} format (its kvfile package): one {@code KEY=value} a
 * line, a UTF-8 BOM dropped, lines blank or starting with {@code #} (after leading white space) skipped, the key's
 * leading white space trimmed and the value kept as written; a bare {@code KEY} takes its value from {@code lookup}
 * (the environment for env files) and is dropped when it has none (always, for label files). Errors are the CLI's
 * words, exit 125.
 */
final class KvFile {
    private static final String WHITESPACE = " \t";

    private KvFile() {
    }

    /** The file's {@code KEY=value} lines in order; {@code lookup} may be null (label files). */
    static List<String> read(String file, Map<String, String> lookup) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException(125, "jdock: open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new CliException(125, "jdock: open " + file + ": permission denied");
        } catch (IOException e) {
            String why = Files.isDirectory(Path.of(file)) ? "is a directory" : String.valueOf(e.getMessage());
            throw new CliException(125, "jdock: invalid env file (" + file + "): read " + file + ": " + why);
        }
        List<String> out = new ArrayList<>();
        int lineNo = 0;
        for (byte[] raw : lines(bytes)) {
            lineNo++;
            String text = utf8(raw, file, lineNo);
            if (lineNo == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            String line = text.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = trimLeft(eq < 0 ? line : line.substring(0, eq));
            if (key.chars().anyMatch(c -> WHITESPACE.indexOf(c) >= 0)) {
                throw bad(file, "variable '" + key + "' contains whitespaces");
            }
            if (key.isEmpty()) {
                throw bad(file, "no variable name on line '" + line + "'");
            }
            if (eq >= 0) {
                out.add(key + "=" + line.substring(eq + 1));
            } else if (lookup != null && lookup.containsKey(key)) {
                out.add(key + "=" + lookup.get(key));
            }
        }
        return out;
    }

    private static CliException bad(String file, String why) {
        return new CliException(125, "jdock: invalid env file (" + file + "): " + why);
    }

    /** Go's bufio.ScanLines: split at {@code \n}, one trailing {@code \r} dropped, no empty last line. */
    private static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length && start == b.length) {
                break;
            }
            if (i == b.length || b[i] == '\n') {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                out.add(Arrays.copyOfRange(b, start, end));
                start = i + 1;
            }
        }
        return out;
    }

    private static String utf8(byte[] raw, String file, int lineNo) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < raw.length; k++) {
                sb.append(k == 0 ? "" : " ").append(raw[k] & 0xff);
            }
            throw bad(file, "invalid utf8 bytes at line " + lineNo + ": " + sb.append(']'));
        }
    }

    private static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }
}
