#!/bin/sh
# A busybox `udhcpc -s` script for tests and labs. It configures only the client's own
# interface (address, MTU, routes) and records what the server sent into the file named by
# $MUON_DHCP_RECORD, one key=value a line (empty value: the option was not sent). It never
# writes /etc/resolv.conf: network namespaces share /etc with the host. $MUON_DHCP_RECORD_MORE
# names more of udhcpc's variables to record (e.g. "siaddr tftp bootfile ntpsrv opt224").
#   MUON_DHCP_RECORD=/tmp/vm1.lease busybox udhcpc -i eth0 -f -q -n -s udhcpc-script.sh -O mtu -O staticroutes
rec=${MUON_DHCP_RECORD:?set MUON_DHCP_RECORD to the file to record into}
case "$1" in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set dev "$interface" up
    ;;
  bound|renew)
    {
      echo "event=$1"
      for k in ip subnet mask broadcast router dns domain hostname mtu staticroutes lease serverid \
          ${MUON_DHCP_RECORD_MORE-}; do
        eval "v=\${$k-}"
        echo "$k=$v"
      done
    } > "$rec.tmp" && mv "$rec.tmp" "$rec"
    [ -n "${mtu-}" ] && ip link set dev "$interface" mtu "$mtu"
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/$mask" ${broadcast:+broadcast "$broadcast"} dev "$interface"
    # a client that gets option 121 ignores option 3 (RFC 3442)
    if [ -n "${staticroutes-}" ]; then
      set -- $staticroutes
      while [ $# -ge 2 ]; do
        if [ "$2" = 0.0.0.0 ]; then
          ip route replace "$1" dev "$interface"
        else
          ip route replace "$1" via "$2" dev "$interface"
        fi
        shift 2
      done
    elif [ -n "${router-}" ]; then
      set -- $router
      ip route replace default via "$1" dev "$interface"
    fi
    ;;
  nak)
    echo "nak ${message-}" >> "$rec.events"
    ;;
esac
exit 0
