package signing

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// EnvKeyDir names the key folder.
const EnvKeyDir = "SOHOA_SIGNING_KEY_DIR"

// DefaultDir is the key folder when SOHOA_SIGNING_KEY_DIR is unset: the
// user's configuration folder, never the working tree.
func DefaultDir() string {
	if d := os.Getenv(EnvKeyDir); d != "" {
		return d
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "sohoa", "keys")
	}
	return filepath.Join(os.TempDir(), "sohoa-keys")
}

// keyFile is the JSON of a .key file.
type keyFile struct {
	Algorithm  string             `json:"alg"`
	KeyID      string             `json:"key_id"`
	Office     string             `json:"office"`
	Clerk      string             `json:"clerk,omitempty"`
	Created    time.Time          `json:"created_at"`
	PrivateKey ed25519.PrivateKey `json:"private_key"` // base64: seed ‖ public key
}

// InsideGitRepo reports the repository root when dir is inside a git
// working tree, where a private key could be committed by mistake.
func InsideGitRepo(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// WriteFiles writes <key id>.key (mode 0600) and <key id>.pub into dir,
// creating it (0700). It refuses a folder inside a git working tree and
// never overwrites a key.
func (s *Signer) WriteFiles(dir string) (keyPath, pubPath string, err error) {
	if root, ok := InsideGitRepo(dir); ok {
		return "", "", fmt.Errorf("signing: refusing to write a private key inside the git repository %s; set %s to a folder outside it", root, EnvKeyDir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("signing: create key folder: %w", err)
	}
	kf := keyFile{Algorithm: Algorithm, KeyID: s.pub.KeyID, Office: s.pub.Office, Clerk: s.pub.Clerk, Created: time.Now().UTC(), PrivateKey: s.priv}
	keyPath = filepath.Join(dir, s.pub.KeyID+".key")
	if err := writeNew(keyPath, kf, 0o600); err != nil {
		return "", "", err
	}
	pubPath = filepath.Join(dir, s.pub.KeyID+".pub")
	if err := writeNew(pubPath, s.pub, 0o644); err != nil {
		return "", "", err
	}
	return keyPath, pubPath, nil
}

func writeNew(path string, v any, mode os.FileMode) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("signing: write %s: %w", path, err)
	}
	return f.Close()
}

// LoadKeyFile reads a .key file.
func LoadKeyFile(path string) (*Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	var kf keyFile
	if err := json.Unmarshal(b, &kf); err != nil {
		return nil, fmt.Errorf("signing: decode %s: %w", path, err)
	}
	if kf.Algorithm != Algorithm {
		return nil, fmt.Errorf("signing: %s: algorithm %q", path, kf.Algorithm)
	}
	s, err := NewSigner(kf.PrivateKey, kf.Office, kf.Clerk)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if s.pub.KeyID != kf.KeyID {
		return nil, fmt.Errorf("signing: %s: key id %s does not match its key", path, kf.KeyID)
	}
	return s, nil
}

// Keyring is the keys of one key folder.
type Keyring struct {
	signers map[[2]string]*Signer // office, clerk
	public  map[string]PublicKey
}

// LoadDir reads every .key and .pub file in dir. A missing folder is an
// empty keyring: signing is then unavailable, which callers report.
func LoadDir(dir string) (*Keyring, error) {
	k := &Keyring{signers: map[[2]string]*Signer{}, public: map[string]PublicKey{}}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return k, nil
	}
	if err != nil {
		return nil, fmt.Errorf("signing: read key folder: %w", err)
	}
	for _, e := range ents {
		path := filepath.Join(dir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".key"):
			s, err := LoadKeyFile(path)
			if err != nil {
				return nil, err
			}
			k.signers[[2]string{s.pub.Office, s.pub.Clerk}] = s
			k.public[s.pub.KeyID] = s.pub
		case strings.HasSuffix(e.Name(), ".pub"):
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("signing: %w", err)
			}
			var p PublicKey
			if err := json.Unmarshal(b, &p); err != nil || len(p.Key) != ed25519.PublicKeySize || KeyID(p.Key) != p.KeyID {
				return nil, fmt.Errorf("signing: invalid public key file %s", path)
			}
			k.public[p.KeyID] = p
		}
	}
	return k, nil
}

// Signer returns the key of clerk at office, or else the office's key.
func (k *Keyring) Signer(office, clerk string) (*Signer, bool) {
	if s, ok := k.signers[[2]string{office, clerk}]; ok {
		return s, true
	}
	s, ok := k.signers[[2]string{office, ""}]
	return s, ok
}

// PublicKeys returns the known public keys by key id.
func (k *Keyring) PublicKeys() map[string]PublicKey { return k.public }

// Add makes s usable by this keyring (tests, and keys from elsewhere).
func (k *Keyring) Add(s *Signer) {
	k.signers[[2]string{s.pub.Office, s.pub.Clerk}] = s
	k.public[s.pub.KeyID] = s.pub
}

// List returns the public keys sorted by office and clerk.
func (k *Keyring) List() []PublicKey {
	out := make([]PublicKey, 0, len(k.public))
	for _, p := range k.public {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Office != out[j].Office {
			return out[i].Office < out[j].Office
		}
		return out[i].Clerk < out[j].Clerk
	})
	return out
}
