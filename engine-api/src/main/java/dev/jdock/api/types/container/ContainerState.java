package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code State} of a container inspect. Timestamps are RFC 3339 (nano) strings; a never-set time is {@code 0001-01-01T00:00:00Z}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Running") boolean running,
        @JsonProperty("Paused") boolean paused,
        @JsonProperty("Restarting") boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Dead") boolean dead,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") Health health) {

    public ContainerState {
        status = status == null ? "" : status;
        error = error == null ? "" : error;
        startedAt = startedAt == null ? "" : startedAt;
        finishedAt = finishedAt == null ? "" : finishedAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.status = status;
        b.running = running;
        b.paused = paused;
        b.restarting = restarting;
        b.oomKilled = oomKilled;
        b.dead = dead;
        b.pid = pid;
        b.exitCode = exitCode;
        b.error = error;
        b.startedAt = startedAt;
        b.finishedAt = finishedAt;
        b.health = health;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String status;
        private boolean running;
        private boolean paused;
        private boolean restarting;
        private boolean oomKilled;
        private boolean dead;
        private int pid;
        private int exitCode;
        private String error;
        private String startedAt;
        private String finishedAt;
        private Health health;

        private Builder() {
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder running(boolean running) {
            this.running = running;
            return this;
        }

        public Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        public Builder restarting(boolean restarting) {
            this.restarting = restarting;
            return this;
        }

        public Builder oomKilled(boolean oomKilled) {
            this.oomKilled = oomKilled;
            return this;
        }

        public Builder dead(boolean dead) {
            this.dead = dead;
            return this;
        }

        public Builder pid(int pid) {
            this.pid = pid;
            return this;
        }

        public Builder exitCode(int exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder startedAt(String startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder finishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder health(Health health) {
            this.health = health;
            return this;
        }

        public ContainerState build() {
            return new ContainerState(status, running, paused, restarting, oomKilled, dead, pid, exitCode, error, startedAt, finishedAt, health);
        }
    }
}
