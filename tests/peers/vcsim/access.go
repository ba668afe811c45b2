package main

// Users and privileges (mksagent's addition): -login USER:PASS (repeatable, with -user/-pass)
// are the only logins accepted; -deny USER=PRIV[,PRIV...] withholds privileges from a user.
// A denied privilege makes the method that needs it fault NoPermission, and
// AuthorizationManager.HasPrivilegeOnEntities answers isGranted=false for it.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const (
	privConsole    = "VirtualMachine.Interact.ConsoleInteract"
	privUsbKeys    = "VirtualMachine.Interact.PutUsbScanCodes"
	privScreenshot = "VirtualMachine.Interact.CreateScreenshot"
)

// loginFlag collects -login USER:PASS.
type loginFlag []string

func (l *loginFlag) String() string { return strings.Join(*l, ",") }
func (l *loginFlag) Set(v string) error {
	if !strings.Contains(v, ":") {
		return fmt.Errorf("want USER:PASS")
	}
	*l = append(*l, v)
	return nil
}

// denyFlag collects -deny USER=PRIV[,PRIV...].
type denyFlag map[string]map[string]bool

func (d denyFlag) String() string { return fmt.Sprint(map[string]map[string]bool(d)) }
func (d denyFlag) Set(v string) error {
	user, privs, ok := strings.Cut(v, "=")
	if !ok || user == "" || privs == "" {
		return fmt.Errorf("want USER=PRIV[,PRIV...]")
	}
	if d[user] == nil {
		d[user] = map[string]bool{}
	}
	for _, p := range strings.Split(privs, ",") {
		d[user][strings.TrimSpace(p)] = true
	}
	return nil
}

type access struct {
	logins map[string]string // user -> password; empty: any non-empty login
	denies denyFlag
	sm     types.ManagedObjectReference
}

func (a *access) denied(user, priv string) bool { return a.denies[user][priv] }

// check is the NoPermission fault when `user` lacks `priv` on `obj`, else nil.
func (a *access) check(user string, obj types.ManagedObjectReference, priv string) *soap.Fault {
	if !a.denied(user, priv) {
		return nil
	}
	return simulator.Fault("Permission to perform this operation was denied.",
		&types.NoPermission{Object: obj, PrivilegeId: priv})
}

// sessionUser is the user of a live SOAP session (the vmware_soap_session cookie's value).
// The simulator keeps sessions to itself; its per-session view of the SessionManager lists them.
func (a *access) sessionUser(key string) (string, bool) {
	view := simulator.Session{Registry: simulator.NewRegistry()}
	sm, ok := view.Get(a.sm).(*simulator.SessionManager)
	if !ok {
		return "", false
	}
	for _, s := range sm.SessionList {
		if s.Key == key {
			return s.UserName, true
		}
	}
	return "", false
}

// loginBody is the part of a Login request checked here.
type loginBody struct {
	UserName string `xml:"userName"`
	Password string `xml:"password"`
}

func findLogin(body []byte) (loginBody, bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return loginBody{}, false
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Login" {
			var l loginBody
			return l, d.DecodeElement(&l, &se) == nil
		}
	}
}

// guardLogins wraps the server's handler: a Login whose user and password are not one of
// the -login pairs reaches the simulator with an empty password, which it refuses with its
// own InvalidLogin fault (the simulator itself then accepts any non-empty login).
func (a *access) guardLogins(next http.Handler) http.Handler {
	if len(a.logins) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/sdk") {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
			_ = r.Body.Close()
			if l, ok := findLogin(body); ok && (l.Password == "" || a.logins[l.UserName] != l.Password) {
				body = []byte(fmt.Sprintf(refusedLogin, a.sm.Value))
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}

const refusedLogin = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<Login xmlns="urn:vim25"><_this type="SessionManager">%s</_this><userName>-</userName><password></password></Login>
</soapenv:Body></soapenv:Envelope>`

// Authz is the simulator's AuthorizationManager answering from the -deny lists.
// Embedded by value, as TicketVM.
type Authz struct {
	simulator.AuthorizationManager
	access *access
}

func (m *Authz) HasPrivilegeOnEntities(ctx *simulator.Context, req *types.HasPrivilegeOnEntities) soap.HasFault {
	body := &methods.HasPrivilegeOnEntitiesBody{}
	user, ok := m.access.sessionUser(req.SessionId)
	if !ok {
		body.Fault_ = simulator.Fault("no session "+req.SessionId, &types.InvalidArgument{InvalidProperty: "sessionId"})
		return body
	}
	var out []types.EntityPrivilege
	for _, e := range req.Entity {
		p := types.EntityPrivilege{Entity: e}
		for _, id := range req.PrivId {
			p.PrivAvailability = append(p.PrivAvailability,
				types.PrivilegeAvailability{PrivId: id, IsGranted: !m.access.denied(user, id)})
		}
		out = append(out, p)
	}
	body.Res = &types.HasPrivilegeOnEntitiesResponse{Returnval: out}
	return body
}
