<?xml version="1.0"?>
<!-- tests/xslt/not-xslt.xsl - XML, but not a stylesheet. -->
<mapping/>
