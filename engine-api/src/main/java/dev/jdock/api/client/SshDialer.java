package dev.jdock.api.client;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code ssh://[user@]host[:port]} engine, as the docker CLI reaches one: each connection runs the system
 * {@code ssh} client ({@code ssh -o ConnectTimeout=30 -T [-l user] [-p port] -- host <remote command>}, the remote
 * command being {@code jdock system dial-stdio}, which joins its stdio to the far side's engine socket) and speaks
 * HTTP over its stdin and stdout. ssh's own messages go to this process's stderr. Closing the connection ends ssh.
 */
public final class SshDialer implements Dialer {
    private final DockerHost host;
    private final List<String> remoteCommand;
    private final String ssh;

    public SshDialer(DockerHost host, List<String> remoteCommand) {
        this(host, remoteCommand, "ssh");
    }

    /** {@code ssh}: the client program (tests give a stand-in). */
    public SshDialer(DockerHost host, List<String> remoteCommand, String ssh) {
        if (!"ssh".equals(host.scheme())) {
            throw new IllegalArgumentException("not an ssh host: " + host);
        }
        this.host = host;
        this.remoteCommand = List.copyOf(remoteCommand);
        this.ssh = ssh;
    }

    /** The command line each connection runs. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(ssh, "-o", "ConnectTimeout=30", "-T"));
        if (host.sshUser() != null) {
            cmd.add("-l");
            cmd.add(host.sshUser());
        }
        if (host.tcpPort() > 0) {
            cmd.add("-p");
            cmd.add(Integer.toString(host.tcpPort()));
        }
        cmd.add("--");
        cmd.add(host.tcpHost());
        cmd.addAll(remoteCommand);
        return cmd;
    }

    @Override
    public Connection dial() throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new DaemonUnreachableException(host, e);
        }
        return new ProcessConnection(p, command());
    }

    /**
     * HTTP over a process's stdout (in) and stdin (out); each write is flushed to the process at once. An EOF before
     * any byte from a process that failed is the docker CLI's error naming the command and its exit status.
     */
    static final class ProcessConnection implements Connection {
        private final Process process;
        private final InputStream input;
        private final OutputStream output;

        ProcessConnection(Process process, List<String> command) {
            this.process = process;
            this.input = new FilterInputStream(process.getInputStream()) {
                private boolean seen;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        seen = true;
                    } else if (n < 0 && !seen) {
                        failIfExited(command);
                    }
                    return n;
                }

                @Override
                public void close() {
                    ProcessConnection.this.close();
                }
            };
            this.output = new FilterOutputStream(process.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    out.flush();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    out.flush();
                }
            };
        }

        private void failIfExited(List<String> command) throws IOException {
            try {
                if (process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() != 0) {
                    throw new IOException("command [" + String.join(" ", command) + "] has exited with exit status "
                            + process.exitValue() + ", make sure the URL is valid, and jdock is installed on the remote"
                            + " host");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void closeWrite() throws IOException {
            process.getOutputStream().close();
        }

        @Override
        public boolean isOpen() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // the process is gone
            }
            try {
                process.getInputStream().close();
            } catch (IOException ignored) {
                // the process is gone
            }
        }
    }
}
