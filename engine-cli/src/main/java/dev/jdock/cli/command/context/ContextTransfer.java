package dev.jdock.cli.command.context;

import dev.jdock.cli.context.ContextArchive;
import dev.jdock.cli.context.ContextStore;
import dev.jdock.cli.context.DockerContext;
import dev.jdock.cli.context.Endpoint;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@code jdock context export} and {@code jdock context import}: the docker CLI's archive ({@link ContextArchive}),
 * so that a context exported by either CLI imports into the other.
 */
public final class ContextTransfer {
    public static final Args.Spec EXPORT = new Args.Spec("context export");
    public static final Args.Spec IMPORT = new Args.Spec("context import");

    private ContextTransfer() {
    }

    /**
     * Writes the archive to FILE (default {@code CONTEXT.dockercontext}, created new with mode 0600 before the
     * context is read, as docker does) or with {@code -} to stdout, never to a terminal.
     */
    public static int export(Cli cli, Args a) throws IOException {
        String name = a.positionals().get(0);
        String dest = a.positionals().size() > 1 ? a.positionals().get(1) : name + ".dockercontext";
        String bad = ContextStore.nameError(name);
        if (bad != null && !ContextStore.DEFAULT.equals(name)) {
            throw new CliException(1, bad);
        }
        EndpointResolver r = ContextCommands.resolver(cli);
        if (dest.equals("-")) {
            if (Terminal.stdoutIsTerminal()) {
                throw new CliException(1, "cowardly refusing to export to a terminal, specify a file path");
            }
            archive(r, name, cli.out());
            return 0;
        }
        try (OutputStream out = create(Path.of(dest), dest)) {
            archive(r, name, out);
        }
        cli.err().println("Written file \"" + dest + "\"");
        return 0;
    }

    private static OutputStream create(Path file, String shown) {
        try {
            return Files.newOutputStream(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new CliException(1, "open " + shown + ": file exists");
        } catch (NoSuchFileException e) {
            throw new CliException(1, "open " + shown + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new CliException(1, "open " + shown + ": permission denied");
        } catch (IOException e) {
            throw new CliException(1, "open " + shown + ": " + e.getMessage());
        }
    }

    /** The archive of a stored context, or of {@code default} (its endpoint as flags and environment make it). */
    private static void archive(EndpointResolver r, String name, OutputStream out) throws IOException {
        DockerContext meta;
        Map<String, Map<String, byte[]>> tls;
        try {
            if (ContextStore.DEFAULT.equals(name)) {
                Endpoint e = r.defaultEndpoint();
                meta = DockerContext.of(name, "", e.host().toString(), e.tls() && e.skipVerify());
                Map<String, byte[]> files = ContextCommands.tlsOf(e);
                tls = files.isEmpty() ? Map.of() : Map.of(DockerContext.DOCKER, files);
            } else {
                meta = r.store().load(name).typed();
                tls = r.store().tlsData(name);
            }
        } catch (IOException e) {
            throw new CliException(1, e.getMessage());
        }
        ContextArchive.write(out, meta, tls);
    }

    /** Reads an archive (tar or zip; {@code -} is stdin) into a new context. */
    public static int importContext(Cli cli, Args a, InputStream stdin) throws IOException {
        String name = a.positionals().get(0);
        String source = a.positionals().get(1);
        ContextStore store = ContextCommands.resolver(cli).store();
        ContextCommands.checkNameForCreation(store, name);
        InputStream in;
        if (source.equals("-")) {
            in = stdin;
        } else {
            Path p = Path.of(source);
            try {
                in = Files.newInputStream(p);
            } catch (NoSuchFileException e) {
                throw new CliException(1, "open " + source + ": no such file or directory");
            } catch (AccessDeniedException e) {
                throw new CliException(1, "open " + source + ": permission denied");
            } catch (IOException e) {
                if (Files.isDirectory(p)) {
                    throw new CliException(1, "read " + source + ": is a directory");
                }
                throw new CliException(1, "open " + source + ": " + e.getMessage());
            }
        }
        try (InputStream source0 = in) {
            Map<String, Map<String, byte[]>> tls = ContextArchive.read(source0, name, store::save);
            store.resetTls(name, tls);
        } catch (ContextArchive.ArchiveException e) {
            throw new CliException(1, e.getMessage());
        } catch (IOException e) {
            if (Files.isDirectory(Path.of(source))) {
                throw new CliException(1, "read " + source + ": is a directory");
            }
            throw e;
        }
        cli.out().println(name);
        cli.err().println("Successfully imported context \"" + name + "\"");
        return 0;
    }
}
