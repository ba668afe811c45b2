package main

// The webmks-sim console behind the VMs (-console): PutUsbScanCodes types on it through
// POST /api/usb-keys, screenshots come from GET /api/screen.png. In fleet mode
// (TICKET_TOKEN_PREFIX=moref) every VM is the console keyed by its moref value.

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

type consoleAPI struct {
	base   string // http(s)://127.0.0.1:PORT, without /api
	fleet  bool
	client *http.Client
}

// newConsoleAPI: nil when url is empty (no console: PutUsbScanCodes only counts, no screens).
func newConsoleAPI(url string) *consoleAPI {
	if url == "" {
		return nil
	}
	base := strings.TrimSuffix(strings.TrimSuffix(url, "/"), "/api")
	// webmks-sim's certificate is self-signed and made at its start; it is a loopback peer.
	transport := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	return &consoleAPI{
		base:   base,
		fleet:  os.Getenv("TICKET_TOKEN_PREFIX") == "moref",
		client: &http.Client{Transport: transport, Timeout: 10 * time.Second},
	}
}

func (c *consoleAPI) url(path, moref string) string {
	if c.fleet {
		return c.base + path + "?key=" + moref
	}
	return c.base + path
}

// usbKey is one event of webmks-sim's POST /api/usb-keys.
type usbKey struct {
	Usage     int             `json:"usage"`
	Modifiers map[string]bool `json:"modifiers,omitempty"`
}

// usbKeys turns a UsbScanCodeSpec into webmks-sim's events; an event whose usbHidCode is
// not (usage << 16) | 7 is left out (it types nothing on a guest).
func usbKeys(spec types.UsbScanCodeSpec) []usbKey {
	keys := []usbKey{}
	for _, event := range spec.KeyEvents {
		if event.UsbHidCode&0xFFFF != 7 || event.UsbHidCode < 0 {
			continue
		}
		key := usbKey{Usage: int(event.UsbHidCode >> 16)}
		if m := event.Modifiers; m != nil {
			key.Modifiers = map[string]bool{}
			flags := map[string]*bool{
				"leftControl": m.LeftControl, "leftShift": m.LeftShift, "leftAlt": m.LeftAlt,
				"leftGui": m.LeftGui, "rightControl": m.RightControl, "rightShift": m.RightShift,
				"rightAlt": m.RightAlt, "rightGui": m.RightGui,
			}
			for name, flag := range flags {
				if flag != nil && *flag {
					key.Modifiers[name] = true
				}
			}
		}
		keys = append(keys, key)
	}
	return keys
}

// typeKeys posts the keys and returns how many the console typed.
func (c *consoleAPI) typeKeys(moref string, keys []usbKey) (int32, error) {
	body, _ := json.Marshal(map[string]interface{}{"events": keys})
	res, err := c.client.Post(c.url("/api/usb-keys", moref), "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("console %s: %v", c.base, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("console %s: HTTP %d: %s", c.base, res.StatusCode, strings.TrimSpace(string(data)))
	}
	var reply struct {
		Count int32 `json:"count"`
	}
	if err := json.Unmarshal(data, &reply); err != nil {
		return 0, fmt.Errorf("console %s: bad reply: %v", c.base, err)
	}
	return reply.Count, nil
}

// screen is the console's screen as PNG.
func (c *consoleAPI) screen(moref string) ([]byte, error) {
	res, err := c.client.Get(c.url("/api/screen.png", moref))
	if err != nil {
		return nil, fmt.Errorf("console %s: %v", c.base, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("console %s: %v", c.base, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("console %s: HTTP %d", c.base, res.StatusCode)
	}
	return data, nil
}
