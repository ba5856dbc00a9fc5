# The "Stand-in webhook" scrip for Request Tracker 5.0.x: an RT initialdata file holding only
# this one global scrip (no users, queues or rights). `standin install` loads it on the RT host:
#   rt-setup-database-5 --action insert --skip-create --datafile standin-webhook-scrip.pl
# It reads two RT settings (RT_SiteConfig.d drop-in; RT reads its config at start):
#   Set($StandinWebhookURL, 'https://standin.example/webhooks/<helpdesk key>');
#   Set($StandinWebhookSecret, 'whsec_...');   # one of the helpdesk's webhook_secrets
# scripts/rt/standin-initialdata.pl (the test sandbox) includes this file.

use strict;
use warnings;

our @Scrips;

# The "Stand-in webhook" scrip.

my $is_applicable = <<'PERL';
my $txn  = $self->TransactionObj;
my $type = $txn->Type || '';
return 1 if $type eq 'Create' || $type eq 'Correspond' || $type eq 'Comment';
# Give, take, steal and untake are all recorded as Set/Owner.
return 1 if $type eq 'Set' && ($txn->Field || '') eq 'Owner';
return 0;
PERL

my $commit = <<'PERL';
# POSTs a Standard Webhooks-signed JSON event to $StandinWebhookURL.
# Never blocks the ticket change: every failure is logged and 1 is returned.
# Runs inside the ticket's database transaction: the receiver must not expect
# to read this change back through REST2 before it has answered.
my $delivery_id;
eval {
    my $url = RT->Config->Get('StandinWebhookURL');
    unless ($url) {
        RT->Logger->debug('Stand-in webhook: StandinWebhookURL not set; not sending');
        return 1;
    }
    my $secret = RT->Config->Get('StandinWebhookSecret');
    unless (defined $secret && length $secret) {
        RT->Logger->warning('Stand-in webhook: StandinWebhookSecret not set; not sending');
        return 1;
    }

    require JSON::PP;
    require HTTP::Tiny;
    require Digest::SHA;
    require MIME::Base64;

    my $txn = $self->TransactionObj;
    my %event_for = (
        Create     => 'ticket.created',
        Set        => 'ticket.owner_changed',
        Correspond => 'ticket.correspond',
        Comment    => 'ticket.comment',
    );
    my $event = $event_for{ $txn->Type } or return 1;

    # Read as the system user so the acting user's rights do not hide fields.
    my $ticket = RT::Ticket->new(RT->SystemUser);
    $ticket->Load($self->TicketObj->id);
    my $owner = $ticket->OwnerObj;

    my (@requestors, $lang);
    my $members = $ticket->Requestors->UserMembersObj;
    $members->OrderBy(FIELD => 'id', ORDER => 'ASC');
    while (my $u = $members->Next) {
        push @requestors, ($u->EmailAddress || $u->Name);
        $lang = $u->Lang if !defined $lang && $u->Lang;
    }

    my $creator = RT::User->new(RT->SystemUser);
    $creator->Load($txn->Creator);

    my $str = sub { defined $_[0] ? '' . $_[0] : undef };
    my $num = sub { defined $_[0] && length $_[0] ? 0 + $_[0] : undef };

    my %transaction = (
        id         => $num->($txn->id),
        type       => $txn->Type,
        field      => ($txn->Type eq 'Set' ? $txn->Field : undef),
        old_value  => $str->($txn->OldValue),
        new_value  => $str->($txn->NewValue),
        creator    => $creator->Name,
        creator_id => $num->($txn->Creator),
        created    => $txn->Created,    # UTC, "YYYY-MM-DD HH:MM:SS"
    );
    if ($txn->Type eq 'Correspond' || $txn->Type eq 'Comment') {
        $transaction{by_requestor} =
            $ticket->IsRequestor($creator->PrincipalId) ? JSON::PP::true() : JSON::PP::false();
    }

    my $payload = {
        type   => $event,
        ticket => {
            id         => $num->($ticket->id),
            queue      => $ticket->QueueObj->Name,
            subject    => $ticket->Subject,
            status     => $ticket->Status,
            priority   => $num->($ticket->Priority),
            owner      => $owner->Name,          # "Nobody" means unowned
            owner_id   => $num->($owner->id),
            requestors => \@requestors,
            lang       => $lang,                 # Lang of the first requestor that has one, else null
        },
        transaction => \%transaction,
        rt => { name => RT->Config->Get('rtname'), version => $RT::VERSION },
    };

    my $body = JSON::PP->new->utf8->canonical->encode($payload);
    $delivery_id = 'rt-' . $txn->id;
    my $timestamp = time();

    (my $key_b64 = $secret) =~ s/^whsec_//;
    my $key = MIME::Base64::decode_base64($key_b64);
    # hmac_sha256(data, key): data first, key last.
    my $mac = Digest::SHA::hmac_sha256("$delivery_id.$timestamp.$body", $key);
    my $signature = 'v1,' . MIME::Base64::encode_base64($mac, '');   # padded, no newline

    my $http = HTTP::Tiny->new(timeout => 5, verify_SSL => 1, agent => "RT/$RT::VERSION standin-webhook");
    my $res = $http->post($url, {
        headers => {
            'content-type'      => 'application/json',
            'webhook-id'        => $delivery_id,
            'webhook-timestamp' => $timestamp,
            'webhook-signature' => $signature,
        },
        content => $body,
    });
    if ($res->{success}) {
        RT->Logger->info("Stand-in webhook: delivered $delivery_id ($event, ticket "
            . $ticket->id . ") HTTP $res->{status}");
    } else {
        my $why = $res->{status} == 599 ? ($res->{content} // '') : ($res->{reason} // '');
        $why =~ s/\s+/ /g;
        RT->Logger->warning("Stand-in webhook: delivery $delivery_id ($event, ticket "
            . $ticket->id . ") failed: HTTP $res->{status} " . substr($why, 0, 200));
    }
    1;
} or do {
    my $err = $@ || 'unknown error';
    RT->Logger->error('Stand-in webhook: ' . ($delivery_id // 'event') . " not sent: $err");
};
return 1;
PERL

@Scrips = (
    {
        Description            => 'Stand-in webhook',
        ScripCondition         => 'User Defined',
        ScripAction            => 'User Defined',
        Template               => 'Blank',
        Stage                  => 'TransactionCreate',
        CustomIsApplicableCode => $is_applicable,
        CustomPrepareCode      => 'return 1;',
        CustomCommitCode       => $commit,
    },
);

1;
