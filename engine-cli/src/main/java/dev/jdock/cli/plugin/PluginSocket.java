package dev.jdock.cli.plugin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket the docker CLI offers a running plugin in {@code DOCKER_CLI_PLUGIN_SOCKET}: the plugin connects and
 * reads; when the CLI is told to terminate (SIGINT/SIGTERM without a terminal) it closes every connection and the
 * plugin sees EOF and shuts down. docker binds an abstract name; the JDK binds only paths, so this is a socket in a
 * private (0700) temporary directory, removed on {@link #close()}. Go's plugin side dials either form.
 */
final class PluginSocket implements AutoCloseable {
    private final Path dir;
    private final Path path;
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new ArrayList<>();
    private boolean closed;

    private PluginSocket(Path dir, Path path, ServerSocketChannel server) {
        this.dir = dir;
        this.path = path;
        this.server = server;
    }

    /** Binds the socket and accepts plugin connections on a daemon thread. */
    static PluginSocket open() throws IOException {
        Path dir = Files.createTempDirectory("jdock-cli-"); // rwx------ on POSIX
        Path path = dir.resolve("plugin.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(dir);
            throw e;
        }
        PluginSocket s = new PluginSocket(dir, path, server);
        Thread t = new Thread(s::acceptLoop, "jdock-plugin-socket");
        t.setDaemon(true);
        t.start();
        return s;
    }

    /** The address a plugin dials. */
    String address() {
        return path.toString();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                synchronized (this) {
                    if (closed) {
                        c.close();
                        return;
                    }
                    clients.add(c);
                }
            }
        } catch (IOException e) {
            // closed: no more plugins to accept
        }
    }

    /** How many plugins are connected. */
    synchronized int connections() {
        return clients.size();
    }

    /** Tells every connected plugin to exit (it reads EOF); later connections are refused. */
    synchronized void notifyExit() {
        closed = true;
        quietly(server);
        clients.forEach(PluginSocket::quietly);
        clients.clear();
    }

    @Override
    public void close() {
        notifyExit();
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover empty directory in the temp dir is harmless
        }
    }

    private static void quietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
