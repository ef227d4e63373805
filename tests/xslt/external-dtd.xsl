<?xml version="1.0"?>
<!-- tests/xslt/external-dtd.xsl - an external parameter entity and an
     external DTD subset: never loaded. -->
<!DOCTYPE xsl:stylesheet SYSTEM "file:///etc/hostname" [
  <!ENTITY % pe SYSTEM "file:///etc/passwd">
  %pe;
]>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><out/></xsl:template>
</xsl:stylesheet>
