// Package kafka connects the pipeline to Kafka with github.com/segmentio/kafka-go: a Source that
// reads raw records through a consumer group and commits only what was durably written, a Sink that
// writes clean records and dead letters with RequireAll acks, a Producer for raw records (ingest),
// and ReadTopic for tools and tests.
//
// Delivery is at-least-once: offsets are committed after the outputs of every earlier record of the
// partition were acknowledged by the broker. A crash or rebalance re-delivers, never loses; the
// outputs carry the record id as key, so downstream dedup on the key gives effectively-once.
// kafka-go has neither an idempotent producer nor transactions, so this package offers no
// exactly-once. It does not create topics.
package kafka

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// Default topic and group names.
const (
	DefaultRawTopic   = "depeche.raw"
	DefaultCleanTopic = "depeche.clean"
	DefaultDLQTopic   = "depeche.dlq"
	DefaultGroup      = "depeche-enrich"
)

// Security is how clients authenticate to the brokers. The zero value is plaintext without SASL.
type Security struct {
	TLS  *tls.Config
	SASL sasl.Mechanism
}

func (s Security) dialer() *kafkago.Dialer {
	return &kafkago.Dialer{Timeout: 10 * time.Second, DualStack: true, TLS: s.TLS, SASLMechanism: s.SASL}
}

func (s Security) transport() *kafkago.Transport {
	return &kafkago.Transport{
		DialTimeout: 10 * time.Second,
		IdleTimeout: 30 * time.Second,
		MetadataTTL: 5 * time.Second,
		TLS:         s.TLS,
		SASL:        s.SASL,
	}
}

// SASLOptions are the SASL settings of a command line. Password is never logged or printed.
type SASLOptions struct {
	Mechanism    string // "", plain, scram-sha-256, scram-sha-512
	Username     string
	Password     string
	PasswordFile string // read when Password is empty (a mounted secret)
}

// Build returns the configured SASL mechanism, or nil when Mechanism is empty.
func (o SASLOptions) Build() (sasl.Mechanism, error) {
	mech := strings.ToLower(strings.TrimSpace(o.Mechanism))
	if mech == "" || mech == "none" {
		if o.Username != "" {
			return nil, errors.New("a SASL username is set but no SASL mechanism (plain, scram-sha-256, scram-sha-512)")
		}
		return nil, nil
	}
	pass := o.Password
	if pass == "" && o.PasswordFile != "" {
		b, err := os.ReadFile(o.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("reading SASL password file: %w", err)
		}
		pass = strings.TrimRight(string(b), "\r\n")
	}
	if o.Username == "" || pass == "" {
		return nil, fmt.Errorf("SASL %s needs a username and a password", mech)
	}
	switch mech {
	case "plain":
		return plain.Mechanism{Username: o.Username, Password: pass}, nil
	case "scram-sha-256":
		m, err := scram.Mechanism(scram.SHA256, o.Username, pass)
		if err != nil {
			return nil, fmt.Errorf("SASL SCRAM-SHA-256: %w", err)
		}
		return m, nil
	case "scram-sha-512":
		m, err := scram.Mechanism(scram.SHA512, o.Username, pass)
		if err != nil {
			return nil, fmt.Errorf("SASL SCRAM-SHA-512: %w", err)
		}
		return m, nil
	}
	return nil, fmt.Errorf("unknown SASL mechanism %q (plain, scram-sha-256, scram-sha-512)", o.Mechanism)
}

// TLSOptions are the TLS settings of a command line.
type TLSOptions struct {
	Enable             bool
	CAFile             string // PEM bundle of the brokers' CA (default: the system roots)
	CertFile, KeyFile  string // client certificate for mutual TLS
	InsecureSkipVerify bool
	ServerName         string
}

// Build returns the TLS configuration, or nil when TLS is off. Giving any file turns TLS on.
func (o TLSOptions) Build() (*tls.Config, error) {
	if !o.Enable && o.CAFile == "" && o.CertFile == "" && o.KeyFile == "" && !o.InsecureSkipVerify {
		return nil, nil
	}
	c := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.InsecureSkipVerify, ServerName: o.ServerName}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading TLS CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TLS CA file %s holds no PEM certificate", o.CAFile)
		}
		c.RootCAs = pool
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return nil, errors.New("a TLS client certificate needs both a certificate and a key file")
	}
	if o.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(o.CertFile, o.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("loading TLS client certificate: %w", err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}

// SplitBrokers reads a comma-separated broker list.
func SplitBrokers(s string) []string {
	var out []string
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// SecurityFlags binds the TLS and SASL options of a command to flags (and so to DEPECHE_*
// variables). The password is only ever read from the flag, its variable, or a file.
type SecurityFlags struct {
	TLS  TLSOptions
	SASL SASLOptions
}

// Register adds the flags to fs.
func (f *SecurityFlags) Register(fs *flag.FlagSet) {
	fs.BoolVar(&f.TLS.Enable, "tls", false, "connect to the brokers over TLS (implied by any --tls-* file)")
	fs.StringVar(&f.TLS.CAFile, "tls-ca", "", "PEM file of the CA that signed the brokers' certificates (default: system roots)")
	fs.StringVar(&f.TLS.CertFile, "tls-cert", "", "PEM client certificate, for brokers that require mutual TLS")
	fs.StringVar(&f.TLS.KeyFile, "tls-key", "", "PEM key of the client certificate")
	fs.BoolVar(&f.TLS.InsecureSkipVerify, "tls-insecure-skip-verify", false, "do not verify the brokers' certificates (testing only)")
	fs.StringVar(&f.SASL.Mechanism, "sasl-mechanism", "", "SASL mechanism: plain, scram-sha-256 or scram-sha-512 (default: none)")
	fs.StringVar(&f.SASL.Username, "sasl-username", "", "SASL username")
	fs.StringVar(&f.SASL.Password, "sasl-password", "", "SASL password (prefer the environment variable or --sasl-password-file; never logged)")
	fs.StringVar(&f.SASL.PasswordFile, "sasl-password-file", "", "file holding the SASL password (a mounted secret)")
}

// Build returns the Security the flags describe.
func (f *SecurityFlags) Build() (Security, error) {
	t, err := f.TLS.Build()
	if err != nil {
		return Security{}, err
	}
	m, err := f.SASL.Build()
	if err != nil {
		return Security{}, err
	}
	return Security{TLS: t, SASL: m}, nil
}

// Describe says how the connection is secured, without any secret, for logs.
func (f *SecurityFlags) Describe() string {
	s := "plaintext"
	if t, _ := f.TLS.Build(); t != nil {
		s = "tls"
	}
	if m := strings.TrimSpace(f.SASL.Mechanism); m != "" && m != "none" {
		s += "+sasl/" + strings.ToLower(m) + " as " + f.SASL.Username
	}
	return s
}
