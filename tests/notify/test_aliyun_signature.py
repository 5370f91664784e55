"""The POP signature (RPC style, version 1.0) used by Alibaba Cloud's SendSms.

Three vectors, each computed outside our code:
- our own worked example, whose string-to-sign was built by hand with printf/xxd/sed and
  signed with ``openssl dgst -sha1 -hmac`` (it covers a Chinese SignName, a space, ``*``
  and ``~``);
- the SendSms example in Alibaba Cloud's SMS signature documentation (help.aliyun.com,
  document 56189 / 101343: testId / testSecret, 2017-07-12T02:42:19Z);
- the DescribeRegions example in Alibaba Cloud's generic RPC signature documentation.
"""

from __future__ import annotations

from teacherreg.notify.sms.aliyun import canonical_query, percent_encode, sign, string_to_sign, utc_timestamp

WORKED = {
    "AccessKeyId": "LTAI-worked-example",
    "Action": "SendSms",
    "Format": "JSON",
    "PhoneNumbers": "13800138000",
    "RegionId": "cn-hangzhou",
    "SignName": "教师资格定期注册",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f0",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_123456789",
    "TemplateParam": '{"code":"654321","minutes":"5","purpose_label":"a b*c~d"}',
    "Timestamp": "2026-11-28T06:30:00Z",
    "Version": "2017-05-25",
}
WORKED_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3DLTAI-worked-example%26Action%3DSendSms%26Format%3DJSON%26PhoneNumbers%3D13800138000"
    "%26RegionId%3Dcn-hangzhou%26SignName%3D%25E6%2595%2599%25E5%25B8%2588%25E8%25B5%2584%25E6%25A0%25BC"
    "%25E5%25AE%259A%25E6%259C%259F%25E6%25B3%25A8%25E5%2586%258C%26SignatureMethod%3DHMAC-SHA1"
    "%26SignatureNonce%3D0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f0%26SignatureVersion%3D1.0"
    "%26TemplateCode%3DSMS_123456789%26TemplateParam%3D%257B%2522code%2522%253A%2522654321%2522%252C"
    "%2522minutes%2522%253A%25225%2522%252C%2522purpose_label%2522%253A%2522a%2520b%252Ac~d%2522%257D"
    "%26Timestamp%3D2026-11-28T06%253A30%253A00Z%26Version%3D2017-05-25"
)

DOCUMENTED = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}


def test_it_builds_the_worked_example_string_to_sign():
    assert string_to_sign(WORKED, "GET") == WORKED_STRING_TO_SIGN


def test_it_signs_the_worked_example_like_openssl():
    assert sign(WORKED, "worked-example-secret", "GET") == "DOVc0kl2Z6RxMEu0473liooQ9so="


def test_it_reproduces_alibaba_clouds_documented_sendsms_signature():
    assert sign(DOCUMENTED, "testSecret", "GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_it_reproduces_alibaba_clouds_documented_rpc_signature():
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert sign(params, "testsecret", "GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_it_leaves_an_existing_signature_parameter_out_of_the_string_to_sign():
    assert sign({**DOCUMENTED, "Signature": "anything"}, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_it_puts_the_http_method_first():
    assert string_to_sign({"A": "1"}, "POST") == "POST&%2F&A%3D1"


def test_it_percent_encodes_as_rfc_3986_wants():
    assert percent_encode("a b") == "a%20b"
    assert percent_encode("*") == "%2A"
    assert percent_encode("-_.~") == "-_.~"
    assert percent_encode("/=&+:") == "%2F%3D%26%2B%3A"
    assert percent_encode("派") == "%E6%B4%BE"


def test_it_sorts_the_canonical_query_by_name():
    assert canonical_query({"b": "2", "B": "1", "a": "3"}) == "B=1&a=3&b=2"


def test_it_writes_timestamps_in_utc():
    import datetime

    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    assert utc_timestamp(datetime.datetime(2026, 11, 28, 14, 30, 5, tzinfo=shanghai)) == "2026-11-28T06:30:05Z"
