# Stand-in sandbox data for Request Tracker 5.0.x (Debian 12 packages).
# Load with:
#   rt-setup-database-5 --action insert --skip-create --datafile scripts/rt/standin-initialdata.pl
# (scripts/rt-sandbox seed does this). Works while rt-server runs.
#
# Environment read at load time:
#   STANDIN_RT_API_PASSWORD  password of the connector's API user `standin` (default standin-api-pw)
#   STANDIN_RT_AGENT_PASSWORD password of anna/bob/carla (default agent-pw-123)
#   STANDIN_RT_TOKEN_FILE    if set, an RT auth token for `standin` is created and written there

use strict;
use warnings;

our (@Queues, @Users, @Groups, @ACL, @Scrips, @Final);

my $api_pw   = $ENV{STANDIN_RT_API_PASSWORD}   || 'standin-api-pw';
my $agent_pw = $ENV{STANDIN_RT_AGENT_PASSWORD} || 'agent-pw-123';

@Queues = (
    {
        Name              => 'Support',
        Description       => 'Customer support (Stand-in sandbox)',
        CorrespondAddress => 'support@standin.example',
        CommentAddress    => 'support-comment@standin.example',
    },
);

@Users = (
    { Name => 'anna',  EmailAddress => 'anna@example.com',  RealName => 'Anna de Vries',
      Lang => 'nl', Privileged => 1, Password => $agent_pw },
    { Name => 'bob',   EmailAddress => 'bob@example.com',   RealName => 'Bob Jansen',
      Privileged => 1, Password => $agent_pw },
    { Name => 'carla', EmailAddress => 'carla@example.com', RealName => 'Carla',
      Privileged => 1, Password => $agent_pw },
    # The connector's API user (REST2, Basic auth or token).
    { Name => 'standin', EmailAddress => 'standin@standin.example', RealName => 'Stand-in connector',
      Privileged => 1, Password => $api_pw },
    # A customer: unprivileged, French. Name is the e-mail address, as RT's mail gateway would create it.
    { Name => 'customer@example.org', EmailAddress => 'customer@example.org', RealName => 'Claire Client',
      Lang => 'fr', Privileged => 0 },
);

@Groups = (
    { Name => 'Agents', Description => 'Support agents (Stand-in sandbox)',
      Members => { Users => [qw(anna bob carla)] } },
);

@ACL = (
    # Agents work the Support queue.
    map( +{ GroupDomain => 'UserDefined', GroupId => 'Agents', Queue => 'Support', Right => $_ },
        qw(OwnTicket ReplyToTicket CommentOnTicket ModifyTicket ShowTicket SeeQueue CreateTicket
           TakeTicket StealTicket ShowTicketComments) ),

    # The connector's API user: scoped global rights, no SuperUser.
    #  - ShowTicket/SeeQueue/ShowTicketComments: read and search every ticket and its history
    #  - ModifyTicket + ReassignTicket: set Owner even when the ticket is owned by someone else
    #    (ModifyTicket alone only works for tickets owned by Nobody or by the caller)
    #  - ReplyToTicket/CommentOnTicket: correspond and comment; CreateTicket: tests create tickets
    #  - AdminUsers: REST2 shows Lang (and searches by EmailAddress) only to AdminUsers
    #    (others get the UserSummaryExtraInfo fields: RealName, EmailAddress, Name)
    #  - SeeGroup: read the Agents group and its members
    { UserId => 'standin', Right => [qw(SeeQueue ShowTicket ShowTicketComments ModifyTicket ReassignTicket
                                        ReplyToTicket CommentOnTicket CreateTicket AdminUsers SeeGroup
                                        ShowUserHistory)] },

    # Customers (e-mail or web) may create and reply; requestors see their tickets.
    { GroupDomain => 'SystemInternal', GroupType => 'Everyone', Queue => 'Support',
      Right => [qw(CreateTicket ReplyToTicket)] },
    { GroupDomain => 'RT::Queue-Role', GroupType => 'Requestor', Queue => 'Support',
      Right => [qw(ShowTicket)] },
);

# ---------------------------------------------------------------------------
# The "Stand-in webhook" scrip: one shared definition with `standin install`
# (connector/data/rt/standin-webhook-scrip.pl sets @Scrips).
{
    require File::Basename;
    require File::Spec;
    # RT loads this file with `require <absolute path>`, so __FILE__ is its real location.
    my $scrip_file = File::Spec->catfile(File::Basename::dirname(__FILE__),
        File::Spec->updir, File::Spec->updir, 'connector', 'data', 'rt', 'standin-webhook-scrip.pl');
    my $ok = do $scrip_file;
    die "cannot load $scrip_file: " . ($@ || $! || 'no true value') . "\n" unless $ok;
}

# Optionally create an auth token for `standin` (REST2: "Authorization: token <value>").
@Final = (
    sub {
        my $file = $ENV{STANDIN_RT_TOKEN_FILE} or return;
        my $user = RT::User->new(RT->SystemUser);
        $user->Load('standin');
        die "standin user not found\n" unless $user->id;
        my $token = RT::AuthToken->new(RT->SystemUser);
        my ($id, $msg, $authstring) = $token->Create(Owner => $user->id, Description => 'Stand-in connector');
        die "could not create auth token: $msg\n" unless $id;
        open my $fh, '>', $file or die "cannot write $file: $!\n";
        print {$fh} "$authstring\n";
        close $fh;
        chmod 0600, $file;
    },
);

1;
