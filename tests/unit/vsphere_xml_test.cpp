// libxml2 reading of vSphere replies, and VirtualMachineTicket -> console URL.
#include <gtest/gtest.h>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/soap_client.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/xml_reply.h"

namespace mks::vsphere {
namespace {

constexpr const char* kTicketReply = R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
<soapenv:Body><AcquireTicketResponse xmlns="urn:vim25"><returnval>
<ticket>52a0&amp;b</ticket><host>esx1</host><port>443</port>
<sslThumbprint>AA:BB</sslThumbprint><url>wss://esx1:443/ticket/52a0</url>
</returnval></AcquireTicketResponse></soapenv:Body></soapenv:Envelope>)";

TEST(XmlReply, FindsElementsByLocalNameAndDecodesText) {
  const XmlReply xml(kTicketReply, "reply");
  XmlReply::Node returnval = XmlReply::find(xml.root(), "returnval");
  ASSERT_NE(returnval, nullptr);
  EXPECT_EQ(XmlReply::child_text(returnval, "ticket"), "52a0&b");
  EXPECT_EQ(XmlReply::child_text(returnval, "port"), "443");
  EXPECT_FALSE(XmlReply::child_text(returnval, "cfgFile"));
  EXPECT_EQ(XmlReply::find(xml.root(), "Fault"), nullptr);
}

TEST(XmlReply, ReadsXsiTypeAttributeAndFirstChild) {
  const XmlReply xml(R"(<e xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><detail>)"
                     R"(<InvalidLoginFault xsi:type="InvalidLogin"/></detail></e>)",
                     "fault");
  XmlReply::Node first = XmlReply::first_child(XmlReply::child(xml.root(), "detail"));
  EXPECT_EQ(XmlReply::local_name(first), "InvalidLoginFault");
  EXPECT_EQ(XmlReply::attribute(first, "type"), "InvalidLogin");
}

TEST(XmlReply, APlainAttributeComesBeforeTheXsiOneOfTheSameName) {
  const XmlReply xml(R"(<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)"
                     R"(<val xsi:type="ManagedObjectReference" type="Folder">group-v3</val></r>)",
                     "test");
  XmlReply::Node val = XmlReply::find(xml.root(), "val");
  EXPECT_EQ(XmlReply::attribute(val, "type"), "Folder");
  EXPECT_EQ(moref_of(val).value, "group-v3");
}

TEST(XmlReply, RejectsMalformedAndDoesNotExpandExternalEntities) {
  EXPECT_THROW(XmlReply("<a><b></a>", "reply"), VcenterError);
  // A DTD is refused outright, so the entity is never declared, let alone read.
  EXPECT_THROW(
      XmlReply(R"(<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>)", "reply"),
      VcenterError);
}

TEST(XmlEscape, EscapesMarkup) {
  EXPECT_EQ(xml_escape(R"(<a href="x">&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
}

TEST(ConsoleTicketFrom, PrefersTheUrlAndParsesTheThumbprint) {
  const auto vc = VcenterEndpoint::parse("https://vc");
  const std::string sha1 = "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:10:20:30:40";
  const auto t = console_ticket_from("tk", "esx1", 443, sha1, "wss://esx1:443/ticket/tk", vc);
  EXPECT_EQ(t.url, "wss://esx1:443/ticket/tk");
  ASSERT_TRUE(t.thumbprint);
  EXPECT_EQ(t.thumbprint->to_string(), sha1);
}

TEST(ConsoleTicketFrom, BuildsTheUrlWhenMissingAndRejectsBadThumbprints) {
  const auto vc = VcenterEndpoint::parse("https://vc");
  EXPECT_EQ(console_ticket_from("tk", "", 902, "", "", vc).url, "wss://vc:902/ticket/tk");
  EXPECT_EQ(console_ticket_from("tk", "esx", 0, "", "", vc).url, "wss://esx:443/ticket/tk");
  EXPECT_THROW(console_ticket_from("tk", "esx", 443, "zz", "", vc), VcenterError);
  EXPECT_THROW(console_ticket_from("", "esx", 443, "", "", vc), VcenterError);
}

}  // namespace
}  // namespace mks::vsphere
