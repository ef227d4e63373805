<?xml version="1.0"?>
<!-- tests/xslt/external-entity.xsl - an external entity in the internal
     subset: the stylesheet is refused, the file never read. -->
<!DOCTYPE xsl:stylesheet [
  <!ENTITY host SYSTEM "file:///etc/hostname">
]>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><out>&host;</out></xsl:template>
</xsl:stylesheet>
