package kafka

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/pipeline"
)

// selfSigned returns a server TLS config for 127.0.0.1 and the PEM file of its certificate.
func selfSigned(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kfake test broker"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, ca
}

// The worker, the producer and the topic reader authenticate with SASL PLAIN and SCRAM, over
// TLS or not; a wrong password fails clearly; the password never reaches the logs.
func TestTLSAndSASL(t *testing.T) {
	const user, pass = "depeche", "s3cret-Pa55word"
	serverTLS, caFile := selfSigned(t)
	passFile := filepath.Join(t.TempDir(), "password")
	os.WriteFile(passFile, []byte(pass+"\n"), 0o600)
	tests := []struct {
		name, method, mech string
		tls                bool
		args               []string
	}{
		{"plain over TLS", "PLAIN", "plain", true, []string{"--tls-ca", caFile, "--sasl-mechanism", "plain", "--sasl-username", user, "--sasl-password", pass}},
		{"scram-sha-256", "SCRAM-SHA-256", "scram-sha-256", false, []string{"--sasl-mechanism", "scram-sha-256", "--sasl-username", user, "--sasl-password", pass}},
		{"scram-sha-512 over TLS, password file", "SCRAM-SHA-512", "scram-sha-512", true, []string{"--tls", "--tls-ca", caFile, "--sasl-mechanism", "SCRAM-SHA-512", "--sasl-username", user, "--sasl-password-file", passFile}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			opts := []kfake.Opt{kfake.EnableSASL(), kfake.Superuser(tc.method, user, pass)}
			if tc.tls {
				opts = append(opts, kfake.TLS(serverTLS))
			}
			_, brokers := startCluster(t, 1, opts...)
			var f SecurityFlags
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			f.Register(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			sec, err := f.Build()
			if err != nil {
				t.Fatal(err)
			}
			if (sec.TLS != nil) != tc.tls || sec.SASL == nil || !strings.EqualFold(sec.SASL.Name(), tc.method) {
				t.Fatalf("security %+v for %v", sec, tc.args)
			}
			if d := f.Describe(); strings.Contains(d, pass) || !strings.Contains(d, tc.mech) {
				t.Errorf("Describe() = %q", d)
			}
			if err := Probe(ctx, brokers, sec); err != nil {
				t.Fatalf("probe: %v", err)
			}
			p, err := NewProducer(brokers, rawTopic, sec, 0)
			if err != nil {
				t.Fatal(err)
			}
			raws := textRaws(5, "s")
			if err := p.Publish(ctx, raws...); err != nil {
				t.Fatal(err)
			}
			p.Close()
			var logs bytes.Buffer
			w := startWorker(t, brokers, "sec", []pipeline.Stage{copyText}, func(w *Worker) {
				w.Source.Security, w.Sink.Security = sec, sec
				w.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			for {
				msgs, err := ReadTopic(ctx, brokers, cleanTopic, sec)
				if err == nil && len(msgs) >= 5 {
					checkDelivery(t, ids(raws), msgs)
					break
				}
				if ctx.Err() != nil {
					t.Fatalf("clean topic: %d messages, %v", len(msgs), err)
				}
				time.Sleep(50 * time.Millisecond)
			}
			w.stop(t)
			if strings.Contains(logs.String(), pass) {
				t.Error("the password appears in the logs")
			}

			// The same broker refuses a wrong password.
			bad := f
			bad.SASL.Password, bad.SASL.PasswordFile = "wrong", ""
			bsec, _ := bad.Build()
			pctx, pcancel := context.WithTimeout(ctx, 3*time.Second)
			defer pcancel()
			if err := Probe(pctx, brokers, bsec); err == nil {
				t.Error("a wrong password was accepted")
			}
		})
	}
}

func TestSecurityOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		f    SecurityFlags
		want string
	}{
		{"user without mechanism", SecurityFlags{SASL: SASLOptions{Username: "u"}}, "no SASL mechanism"},
		{"mechanism without password", SecurityFlags{SASL: SASLOptions{Mechanism: "plain", Username: "u"}}, "needs a username and a password"},
		{"unknown mechanism", SecurityFlags{SASL: SASLOptions{Mechanism: "gssapi", Username: "u", Password: "hunter2-secret"}}, "unknown SASL mechanism"},
		{"missing password file", SecurityFlags{SASL: SASLOptions{Mechanism: "plain", Username: "u", PasswordFile: "/nonexistent/pw"}}, "password file"},
		{"missing CA", SecurityFlags{TLS: TLSOptions{CAFile: "/nonexistent/ca.pem"}}, "CA file"},
		{"cert without key", SecurityFlags{TLS: TLSOptions{CertFile: "c.pem"}}, "both a certificate and a key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.f.Build()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
			if err != nil && tc.f.SASL.Password != "" && strings.Contains(err.Error(), tc.f.SASL.Password) {
				t.Errorf("error %q reveals the password", err)
			}
		})
	}
	if sec, err := (&SecurityFlags{}).Build(); err != nil || sec.TLS != nil || sec.SASL != nil {
		t.Errorf("no options: %+v, %v; want plaintext", sec, err)
	}
}
