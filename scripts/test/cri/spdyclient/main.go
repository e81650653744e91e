// spdyclient speaks the kubelet's streaming protocols over SPDY/3.1 the way client-go does (its SPDY executor
// and port forwarder, on github.com/moby/spdystream, the library client-go's transport grew from), for the e2e
// tests of jdockd's CRI streaming server. Built offline with Debian's golang-go and
// golang-github-docker-spdystream-dev (GO111MODULE=off GOPATH=/usr/share/gocode).
//
//	spdyclient exec URL [-stdin] [-stdout] [-stderr] [-tty] [-size WxH] [-protocol P] [-status FILE]
//	    runs a remote command: stdin from ours, stdout and stderr to ours; the error stream's content goes to
//	    FILE; exits with the remote exit code (255 for another failure).
//	spdyclient portforward URL PORT [COUNT]
//	    forwards COUNT (1) connections to PORT one after the other on one SPDY connection: each sends our stdin
//	    (read once) and copies what comes back to stdout; the error stream's content goes to stderr (exit 1).
//	spdyclient wsportforward URL PORT [COUNT]
//	    the same with SPDY tunnelled through a WebSocket (subprotocol SPDY/3.1+portforward.k8s.io), as client-go's
//	    SPDY-over-WebSocket dialer does it: each write one binary message, the binary messages' data the bytes read.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/moby/spdystream"
)

// bufferedConn reads through the reader that parsed the upgrade response, which may hold bytes beyond it.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "spdyclient: "+format+"\n", a...)
	os.Exit(255)
}

// dialUpgrade connects to raw's host, sends req (an upgrade request to raw) and reads the answer, which must be
// 101 Switching Protocols; returns the connection and the reader that parsed the answer (it may hold bytes beyond).
func dialUpgrade(raw string, req *http.Request) (net.Conn, *bufio.Reader, *http.Response) {
	u, err := url.Parse(raw)
	if err != nil {
		fail("%v", err)
	}
	c, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		fail("%v", err)
	}
	req.Header.Set("Connection", "Upgrade")
	if err := req.Write(c); err != nil {
		fail("%v", err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		fail("%v", err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		body, _ := ioutil.ReadAll(resp.Body)
		fail("upgrade refused: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return c, br, resp
}

// serveSpdy runs a client SPDY connection over c.
func serveSpdy(c net.Conn) *spdystream.Connection {
	conn, err := spdystream.NewConnection(c, false)
	if err != nil {
		fail("%v", err)
	}
	go conn.Serve(spdystream.NoOpStreamHandler)
	return conn
}

// upgrade connects and upgrades to SPDY/3.1 with the offered protocols; returns the connection and the protocol.
func upgrade(raw string, protocols []string) (*spdystream.Connection, string) {
	req, _ := http.NewRequest("POST", raw, nil)
	req.Header.Set("Upgrade", "SPDY/3.1")
	for _, p := range protocols {
		req.Header.Add("X-Stream-Protocol-Version", p)
	}
	c, br, resp := dialUpgrade(raw, req)
	return serveSpdy(&bufferedConn{c, br}), resp.Header.Get("X-Stream-Protocol-Version")
}

// wsConn is a net.Conn over a client WebSocket: Write sends one masked binary message, Read gives the data of
// the binary messages in order (pings answered); a close or a text message ends it.
type wsConn struct {
	net.Conn
	r    *bufio.Reader
	wmu  sync.Mutex
	left []byte
}

func (c *wsConn) writeFrame(op byte, p []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	h := []byte{0x80 | op}
	switch n := len(p); {
	case n < 126:
		h = append(h, 0x80|byte(n))
	case n < 65536:
		h = append(h, 0x80|126, byte(n>>8), byte(n))
	default:
		h = append(h, 0x80|127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	var mask [4]byte
	rand.Read(mask[:])
	h = append(h, mask[:]...)
	m := make([]byte, len(p))
	for i := range p {
		m[i] = p[i] ^ mask[i%4]
	}
	_, err := c.Conn.Write(append(h, m...))
	return err
}

func (c *wsConn) Write(p []byte) (int, error) {
	if err := c.writeFrame(2, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c *wsConn) Read(p []byte) (int, error) {
	for len(c.left) == 0 {
		var h [2]byte
		if _, err := io.ReadFull(c.r, h[:]); err != nil {
			return 0, err
		}
		n := uint64(h[1] & 0x7f)
		if n == 126 {
			var b [2]byte
			if _, err := io.ReadFull(c.r, b[:]); err != nil {
				return 0, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		} else if n == 127 {
			var b [8]byte
			if _, err := io.ReadFull(c.r, b[:]); err != nil {
				return 0, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(c.r, data); err != nil {
			return 0, err
		}
		switch h[0] & 0x0f {
		case 0, 2:
			c.left = data
		case 9:
			c.writeFrame(10, data)
		case 10:
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, c.left)
	c.left = c.left[n:]
	return n, nil
}

// upgradeWebSocket connects, upgrades to a WebSocket with the SPDY tunnelling subprotocol, and runs SPDY in it.
func upgradeWebSocket(raw string, protocol string) *spdystream.Connection {
	var key [16]byte
	rand.Read(key[:])
	req, _ := http.NewRequest("GET", raw, nil)
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(key[:]))
	req.Header.Set("Sec-WebSocket-Protocol", "SPDY/3.1+"+protocol)
	c, br, resp := dialUpgrade(raw, req)
	if got := resp.Header.Get("Sec-WebSocket-Protocol"); got != "SPDY/3.1+"+protocol {
		fail("subprotocol %q", got)
	}
	return serveSpdy(&wsConn{Conn: c, r: br})
}

func create(conn *spdystream.Connection, h http.Header) *spdystream.Stream {
	s, err := conn.CreateStream(h, nil, false)
	if err != nil {
		fail("create stream %v: %v", h, err)
	}
	if err := s.WaitTimeout(30 * time.Second); err != nil {
		fail("stream %v not answered: %v", h, err)
	}
	return s
}

func execCmd(args []string) {
	fs := flag.NewFlagSet("exec", flag.ExitOnError)
	stdin := fs.Bool("stdin", false, "")
	stdout := fs.Bool("stdout", false, "")
	stderr := fs.Bool("stderr", false, "")
	tty := fs.Bool("tty", false, "")
	size := fs.String("size", "", "WxH sent on the resize stream")
	protocol := fs.String("protocol", "v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io", "")
	statusFile := fs.String("status", "", "")
	fs.Parse(args[1:])
	conn, proto := upgrade(args[0], strings.Split(*protocol, ","))
	defer conn.Close()
	h := http.Header{}
	h.Set("streamType", "error")
	errStream := create(conn, h)
	var wg sync.WaitGroup
	if *stdin {
		h.Set("streamType", "stdin")
		s := create(conn, h)
		go func() {
			io.Copy(s, os.Stdin)
			s.Close()
		}()
	}
	for _, o := range []struct {
		on   bool
		name string
		to   io.Writer
	}{{*stdout, "stdout", os.Stdout}, {*stderr, "stderr", os.Stderr}} {
		if !o.on {
			continue
		}
		h.Set("streamType", o.name)
		s := create(conn, h)
		wg.Add(1)
		go func(to io.Writer) {
			defer wg.Done()
			io.Copy(to, s)
		}(o.to)
	}
	if *tty && proto != "v2.channel.k8s.io" {
		h.Set("streamType", "resize")
		s := create(conn, h)
		if *size != "" {
			var w, hh int
			fmt.Sscanf(*size, "%dx%d", &w, &hh)
			json.NewEncoder(s).Encode(map[string]int{"Width": w, "Height": hh})
		}
	}
	status, _ := ioutil.ReadAll(errStream)
	wg.Wait()
	if *statusFile != "" {
		ioutil.WriteFile(*statusFile, status, 0o644)
	}
	os.Exit(exitCode(proto, status))
}

// exitCode reads the status as client-go's v4 error decoder does.
func exitCode(proto string, status []byte) int {
	if len(bytes.TrimSpace(status)) == 0 {
		return 0
	}
	if proto != "v4.channel.k8s.io" {
		return 255
	}
	var st struct {
		Status  string
		Reason  string
		Details struct {
			Causes []struct{ Reason, Message string }
		}
	}
	if err := json.Unmarshal(status, &st); err != nil {
		return 255
	}
	if st.Status == "Success" {
		return 0
	}
	if st.Reason == "NonZeroExitCode" {
		for _, c := range st.Details.Causes {
			if c.Reason == "ExitCode" {
				if n, err := strconv.Atoi(c.Message); err == nil {
					return n
				}
			}
		}
	}
	return 255
}

func portForward(args []string, tunnel bool) {
	port := args[1]
	count := 1
	if len(args) > 2 {
		count, _ = strconv.Atoi(args[2])
	}
	input, _ := ioutil.ReadAll(os.Stdin)
	var conn *spdystream.Connection
	if tunnel {
		conn = upgradeWebSocket(args[0], "portforward.k8s.io")
	} else {
		conn, _ = upgrade(args[0], []string{"portforward.k8s.io"})
	}
	defer conn.Close()
	failed := false
	for i := 0; i < count; i++ {
		h := http.Header{}
		h.Set("streamType", "error")
		h.Set("port", port)
		h.Set("requestID", strconv.Itoa(i))
		errStream := create(conn, h)
		errStream.Close() // nothing is written there, as client-go
		errCh := make(chan []byte)
		go func() {
			b, _ := ioutil.ReadAll(errStream)
			errCh <- b
		}()
		h.Set("streamType", "data")
		data := create(conn, h)
		go func() {
			data.Write(input)
			data.Close()
		}()
		io.Copy(os.Stdout, data)
		if msg := <-errCh; len(msg) > 0 {
			fmt.Fprintf(os.Stderr, "%s\n", msg)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: spdyclient exec|portforward|wsportforward URL ...")
	}
	switch os.Args[1] {
	case "exec":
		execCmd(os.Args[2:])
	case "portforward":
		portForward(os.Args[2:], false)
	case "wsportforward":
		portForward(os.Args[2:], true)
	default:
		fail("unknown mode %s", os.Args[1])
	}
}
