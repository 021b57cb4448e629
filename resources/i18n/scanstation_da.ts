<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="da_DK">
<context>
    <name>BatchPanel</name>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="74" />
        <source>Documents and pages</source>
        <translation>Dokumenter og sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="98" />
        <source>Unusually many pages: was a separator sheet missed?</source>
        <translation>Usædvanligt mange sider: blev et skilleark overset?</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="194" />
        <source>Letter %1 · %2 page(s)</source>
        <translation>Brev %1 · %2 side(r)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="202" />
        <source>Page %1</source>
        <translation>Side %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="203" />
        <source>deleted</source>
        <translation>slettet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="203" />
        <source>blank</source>
        <translation>blank</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="204" />
        <source>separator sheet</source>
        <translation>skilleark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="204" />
        <source>cover sheet</source>
        <translation>forside</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="205" />
        <source>replaced</source>
        <translation>erstattet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="212" />
        <source>Started by a cover sheet</source>
        <translation>Startet af en forside</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="213" />
        <source>Started by a separator sheet</source>
        <translation>Startet af et skilleark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="214" />
        <source>Started by a Patch T sheet</source>
        <translation>Startet af et Patch T-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="215" />
        <source>Started by a Patch 2 sheet</source>
        <translation>Startet af et Patch 2-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="216" />
        <source>Started by a Patch 3 sheet</source>
        <translation>Startet af et Patch 3-ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="217" />
        <source>Started by a blank page</source>
        <translation>Startet af en blank side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="218" />
        <source>Started by the page count</source>
        <translation>Startet efter sideantal</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="219" />
        <source>A file of its own</source>
        <translation>En fil for sig</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="220" />
        <source>First letter of the batch</source>
        <translation>Første brev i bunken</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="221" />
        <source>Split by the clerk</source>
        <translation>Delt af medarbejderen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="226" />
        <source>Scanning…</source>
        <translation>Scanner…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="227" />
        <source>Needs confirmation</source>
        <translation>Skal bekræftes</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="228" />
        <source>Confirmed, waiting for export</source>
        <translation>Bekræftet, venter på eksport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="229" />
        <source>Exported</source>
        <translation>Eksporteret</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/batch_panel.py" line="230" />
        <source>Export failed</source>
        <translation>Eksport mislykkedes</translation>
    </message>
</context>
<context>
    <name>ConfirmForm</name>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="53" />
        <location filename="../../scanstation/ui/confirm_form.py" line="162" />
        <source>No document selected</source>
        <translation>Intet dokument valgt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="60" />
        <source>Recipient</source>
        <translation>Modtager</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="77" />
        <source>Show CPR</source>
        <translation>Vis CPR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="83" />
        <source>&amp;Confirm (Enter)</source>
        <translation>&amp;Bekræft (Enter)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="88" />
        <source>&amp;Recipient</source>
        <translation>&amp;Modtager</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="90" />
        <source>Ca&amp;se number</source>
        <translation>&amp;Sagsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="91" />
        <source>Document &amp;type</source>
        <translation>Dokument&amp;type</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="92" />
        <source>Recei&amp;ved</source>
        <translation>Modtaget &amp;dato</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="93" />
        <source>C&amp;PR</source>
        <translation>C&amp;PR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="95" />
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="124" />
        <source>Document %1</source>
        <translation>Dokument %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="133" />
        <source>cover sheet</source>
        <translation>forside</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="133" />
        <source>known case number</source>
        <translation>kendt sagsnummer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="134" />
        <source>learned from earlier letters</source>
        <translation>lært af tidligere breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="135" />
        <source>keywords</source>
        <translation>nøgleord</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="136" />
        <source>Suggested: %1 (%2 %, %3)</source>
        <translation>Forslag: %1 (%2 %, %3)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="156" />
        <source>This document is exported and can no longer be changed.</source>
        <translation>Dokumentet er eksporteret og kan ikke længere ændres.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="183" />
        <source>Choose a recipient from the list.</source>
        <translation>Vælg en modtager på listen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="186" />
        <source>The case number does not look like one (e.g. 2017-0289209 or 13/44080).</source>
        <translation>Sagsnummeret ligner ikke et sagsnummer (fx 2017-0289209 eller 13/44080).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/confirm_form.py" line="190" />
        <source>The CPR number is not valid (DDMMYY-XXXX).</source>
        <translation>CPR-nummeret er ikke gyldigt (DDMMÅÅ-XXXX).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="79" />
        <location filename="../../scanstation/ui/main_window.py" line="691" />
        <source>ScanStation — %1</source>
        <translation>ScanStation — %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="113" />
        <source>Scanning</source>
        <translation>Scanning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="117" />
        <location filename="../../scanstation/ui/main_window.py" line="118" />
        <source>Scan profile</source>
        <translation>Scanprofil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="120" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="121" />
        <source>Demo scanner</source>
        <translation>Demoscanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="123" />
        <source>Feeder (ADF)</source>
        <translation>Arkføder (ADF)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="123" />
        <source>Duplex</source>
        <translation>Dobbeltsidet</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="124" />
        <source>Flatbed</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="131" />
        <source>Gray</source>
        <translation>Gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="131" />
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="132" />
        <source>Black and white</source>
        <translation>Sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="135" />
        <source>How the stack is split into letters</source>
        <translation>Hvordan bunken deles i breve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="136" />
        <source>Separator and cover sheets</source>
        <translation>Skilleark og forsider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="137" />
        <source>Blank page between letters</source>
        <translation>Blank side mellem brevene</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="138" />
        <source>One letter per scan</source>
        <translation>Ét brev pr. scanning</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="139" />
        <source>Every page is a letter</source>
        <translation>Hver side er et brev</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="140" />
        <source>Every 2 pages</source>
        <translation>Hver 2. side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="143" />
        <source>&amp;Scan</source>
        <translation>&amp;Scan</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="146" />
        <source>&amp;Import files…</source>
        <translation>&amp;Importér filer…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="149" />
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="152" />
        <source>Se&amp;ttings…</source>
        <translation>&amp;Indstillinger…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="176" />
        <source>&amp;Retry export</source>
        <translation>&amp;Prøv eksport igen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="205" />
        <source>Split here (Ctrl+K)</source>
        <translation>Del her (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="206" />
        <source>Merge with next (Ctrl+M)</source>
        <translation>Flet med næste (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="207" />
        <source>Rotate right (Ctrl+R)</source>
        <translation>Drej til højre (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="208" />
        <source>Rotate left (Ctrl+Shift+R)</source>
        <translation>Drej til venstre (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="209" />
        <source>Delete page (Ctrl+Del)</source>
        <translation>Slet side (Ctrl+Del)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="210" />
        <source>Restore page</source>
        <translation>Gendan side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="211" />
        <source>Rescan page (F6)</source>
        <translation>Scan siden igen (F6)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="212" />
        <source>Undo (Ctrl+Z)</source>
        <translation>Fortryd (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="281" />
        <source>Scanning…</source>
        <translation>Scanner…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="297" />
        <source>Importing…</source>
        <translation>Importerer…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="311" />
        <source>Stopping after this page…</source>
        <translation>Stopper efter denne side…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="332" />
        <source>%1 page(s) so far</source>
        <translation>%1 side(r) indtil nu</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="355" />
        <source>%1 page(s) in %2 document(s)</source>
        <translation>%1 side(r) i %2 dokument(er)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="358" />
        <source>Some files could not be read</source>
        <translation>Nogle filer kunne ikke læses</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="372" />
        <source>Scanning stopped</source>
        <translation>Scanningen stoppede</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="380" />
        <source>The %1 page(s) scanned before it are kept.</source>
        <translation>De %1 side(r), der blev scannet før, er gemt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="381" />
        <source>The scanner needs you</source>
        <translation>Scanneren har brug for dig</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="386" />
        <source>&amp;Continue</source>
        <translation>&amp;Fortsæt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="387" />
        <source>&amp;Stop</source>
        <translation>&amp;Stop</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="402" />
        <source>Paper jam. Open the scanner, remove the jammed sheet, put it back on top of the stack and press Continue.</source>
        <translation>Papirstop. Åbn scanneren, fjern det fastklemte ark, læg det øverst i bunken igen, og tryk på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="404" />
        <source>The scanner cover is open. Close it and press Continue.</source>
        <translation>Scannerens låg er åbent. Luk det, og tryk på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="405" />
        <source>There is no paper in the feeder. Put the letters in the feeder and scan.</source>
        <translation>Der er intet papir i arkføderen. Læg brevene i føderen, og scan.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="406" />
        <source>The scanner is busy with another program. Wait, then press Continue.</source>
        <translation>Scanneren bruges af et andet program. Vent, og tryk så på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="407" />
        <source>Lost the connection to the scanner. Check that it is on and connected, then press Continue.</source>
        <translation>Forbindelsen til scanneren blev afbrudt. Kontrollér, at den er tændt og tilsluttet, og tryk så på Fortsæt.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="409" />
        <source>The scanner was not found. Check that it is on and connected.</source>
        <translation>Scanneren blev ikke fundet. Kontrollér, at den er tændt og tilsluttet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="423" />
        <source>Import files</source>
        <translation>Importér filer</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="423" />
        <source>Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)</source>
        <translation>Scanninger (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="467" />
        <source>Letter %1</source>
        <translation>Brev %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="535" />
        <source>All letters in this batch are confirmed.</source>
        <translation>Alle breve i bunken er bekræftet.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="573" />
        <source>No drop folder is set: confirmed letters wait (Settings).</source>
        <translation>Der er ingen afleveringsmappe: bekræftede breve venter (Indstillinger).</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="575" />
        <source>Export queue: %1</source>
        <translation>Eksportkø: %1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/main_window.py" line="577" />
        <source>%1 export(s) failed: %2</source>
        <translation>%1 eksport(er) mislykkedes: %2</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="208" />
        <source>Zoom (100 % = one scanned pixel per screen pixel)</source>
        <translation>Zoom (100 % = én scannet pixel pr. skærmpixel)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="276" />
        <source>Loading…</source>
        <translation>Indlæser…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="375" />
        <source>The file does not exist.</source>
        <translation>Filen findes ikke.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="377" />
        <source>ScanStation may not read the file.</source>
        <translation>ScanStation må ikke læse filen.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="379" />
        <source>The file is damaged or is not a picture.</source>
        <translation>Filen er beskadiget eller er ikke et billede.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="381" />
        <source>Unexpected error: {error}</source>
        <translation>Uventet fejl: {error}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="383" />
        <source>Could not show the page “{name}”.</source>
        <translation>Siden “{name}” kunne ikke vises.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="491" />
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="541" />
        <location filename="../../scanstation/ui/page_viewer.py" line="542" />
        <source>Previous page</source>
        <translation>Forrige side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="544" />
        <location filename="../../scanstation/ui/page_viewer.py" line="545" />
        <source>Next page</source>
        <translation>Næste side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="547" />
        <source>Zoom in</source>
        <translation>Zoom ind</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="549" />
        <source>Zoom out</source>
        <translation>Zoom ud</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="551" />
        <source>Fit page</source>
        <translation>Hel side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="552" />
        <source>Show the whole page</source>
        <translation>Vis hele siden</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="554" />
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="555" />
        <source>One scanned pixel per screen pixel</source>
        <translation>Én scannet pixel pr. skærmpixel</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="557" />
        <source>Fit width</source>
        <translation>Tilpas bredde</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/page_viewer.py" line="558" />
        <source>Fit the page to the width of the view</source>
        <translation>Tilpas siden til visningens bredde</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="51" />
        <source>ScanStation settings</source>
        <translation>Indstillinger for ScanStation</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="61" />
        <source>S&amp;tation</source>
        <translation>S&amp;tation</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="62" />
        <source>&amp;Archive and export</source>
        <translation>&amp;Arkiv og eksport</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="63" />
        <source>&amp;OCR</source>
        <translation>&amp;OCR</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="64" />
        <source>&amp;Recipients</source>
        <translation>&amp;Modtagere</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="65" />
        <source>Scan &amp;profiles</source>
        <translation>Scan&amp;profiler</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="66" />
        <source>S&amp;eparation</source>
        <translation>&amp;Opdeling</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="97" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="106" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="439" />
        <source>Set by your IT department</source>
        <translation>Fastsat af din it-afdeling</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="98" />
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="111" />
        <source>Currently set in {file}</source>
        <translation>Angivet i {file}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="183" />
        <source>Station &amp;ID:</source>
        <translation>Station&amp;s-id:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="184" />
        <source>e.g. KOEGE1</source>
        <translation>fx KOEGE1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="186" />
        <source>The name you logged in with; it is written on every document you confirm.</source>
        <translation>Det navn, du er logget ind med; det skrives på hvert dokument, du bekræfter.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="187" />
        <source>Operator:</source>
        <translation>Medarbejder:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="189" />
        <source>Default &amp;scanner:</source>
        <translation>Standard&amp;scanner:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="192" />
        <source>&amp;Language:</source>
        <translation>&amp;Sprog:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="193" />
        <source>Same as the computer</source>
        <translation>Som computeren</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="194" />
        <source>A new language is used the next time ScanStation starts.</source>
        <translation>Et nyt sprog bruges, næste gang ScanStation starter.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="202" />
        <source>&amp;Browse…</source>
        <translation>&amp;Gennemse…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="203" />
        <source>&amp;Drop folder:</source>
        <translation>&amp;Afleveringsmappe:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="205" />
        <source>The folder the archive system collects PDFs from</source>
        <translation>Mappen, som arkivsystemet henter PDF-filer fra</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="208" />
        <source>Include the &amp;CPR number in the metadata file</source>
        <translation>Medtag &amp;CPR-nummeret i metadatafilen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="209" />
        <source>&amp;JPEG quality:</source>
        <translation>&amp;JPEG-kvalitet:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="211" />
        <source>Leave blank pa&amp;ges out of the PDF</source>
        <translation>Udelad blanke si&amp;der i PDF-filen</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="217" />
        <source>Text recognition &amp;languages:</source>
        <translation>Sprog til tekstgen&amp;kendelse:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="218" />
        <source>Tesseract language codes joined by +, e.g. dan+eng</source>
        <translation>Tesseract-sprogkoder forbundet med +, fx dan+eng</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="231" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="409" />
        <source> pages</source>
        <translation> sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="232" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="410" />
        <source>Pages per document</source>
        <translation>Sider pr. dokument</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="233" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="420" />
        <source>&amp;New document at:</source>
        <translation>&amp;Nyt dokument ved:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="240" />
        <source>Separator &amp;barcode:</source>
        <translation>Skille&amp;stregkode:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="242" />
        <source>&amp;Keep cover sheets as the first page</source>
        <translation>&amp;Behold forsider som første side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="244" />
        <source>&amp;Most pages in one document:</source>
        <translation>&amp;Flest sider i ét dokument:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="251" />
        <source>Separator sheets, cover sheets and patch codes</source>
        <translation>Skilleark, forsider og patchkoder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="252" />
        <source>A blank sheet</source>
        <translation>Et blankt ark</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="253" />
        <source>Every fixed number of pages</source>
        <translation>Et fast antal sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="254" />
        <source>Each scan (one document per scan)</source>
        <translation>Hver scanning (ét dokument pr. scanning)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="275" />
        <source>The teams and mailboxes post is sent to. Keywords (separated by ;) help ScanStation suggest the right recipient.</source>
        <translation>De teams og postkasser, posten sendes til. Nøgleord (adskilt med ;) hjælper ScanStation med at foreslå den rigtige modtager.</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="280" />
        <source>ID</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="280" />
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="280" />
        <source>Keywords</source>
        <translation>Nøgleord</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="286" />
        <source>&amp;Import CSV…</source>
        <translation>&amp;Importér CSV…</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="287" />
        <source>A&amp;dd</source>
        <translation>&amp;Tilføj</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="288" />
        <source>Re&amp;move</source>
        <translation>&amp;Fjern</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="298" />
        <source>No journal is open</source>
        <translation>Ingen journal er åben</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="323" />
        <source>Import recipients</source>
        <translation>Importér modtagere</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="324" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-filer (*.csv);;Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="335" />
        <source>Recipients: {problem}</source>
        <translation>Modtagere: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="356" />
        <source>Recipients, row {row}: the ID {id!r} must be lower-case letters, digits, '-', '_' or '.'</source>
        <translation>Modtagere, række {row}: id'et {id!r} må kun have små bogstaver, cifre, '-', '_' eller '.'</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="359" />
        <source>Recipients, row {row}: the ID {id!r} appears twice</source>
        <translation>Modtagere, række {row}: id'et {id!r} står der to gange</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="362" />
        <source>Recipients, row {row}: the name is missing or too long</source>
        <translation>Modtagere, række {row}: navnet mangler eller er for langt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="380" />
        <source>&amp;Default profile:</source>
        <translation>&amp;Standardprofil:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="386" />
        <source>Scan profiles</source>
        <translation>Scanprofiler</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="389" />
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="394" />
        <source>Document feeder, one side</source>
        <translation>Arkføder, én side</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="394" />
        <source>Document feeder, both sides</source>
        <translation>Arkføder, begge sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="395" />
        <source>Flatbed glass</source>
        <translation>Glasplade</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="400" />
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="402" />
        <source>Grey</source>
        <translation>Gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="402" />
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="402" />
        <source>Black and white</source>
        <translation>Sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="417" />
        <source>Na&amp;me:</source>
        <translation>Na&amp;vn:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="417" />
        <source>&amp;Scanner:</source>
        <translation>&amp;Scanner:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="418" />
        <source>Paper &amp;feed:</source>
        <translation>Papir&amp;fødning:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="418" />
        <source>Reso&amp;lution:</source>
        <translation>&amp;Opløsning:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="419" />
        <source>&amp;Colour mode:</source>
        <translation>&amp;Farvetilstand:</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="428" />
        <source>Appl&amp;y to profile</source>
        <translation>&amp;Anvend på profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="429" />
        <source>Ne&amp;w profile</source>
        <translation>N&amp;y profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="430" />
        <source>Remo&amp;ve profile</source>
        <translation>F&amp;jern profil</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="465" />
        <source>feeder</source>
        <translation>arkføder</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="465" />
        <source>feeder, both sides</source>
        <translation>arkføder, begge sider</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="465" />
        <source>flatbed</source>
        <translation>glasplade</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="466" />
        <source>grey</source>
        <translation>gråtoner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="466" />
        <source>colour</source>
        <translation>farve</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="466" />
        <source>black and white</source>
        <translation>sort-hvid</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="467" />
        <source>{name} ({source}, {mode}, {dpi} dpi)</source>
        <translation>{name} ({source}, {mode}, {dpi} dpi)</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="510" />
        <source>Scan profile: {problem}</source>
        <translation>Scanprofil: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="515" />
        <source>Scan profile: the name {name!r} is already used</source>
        <translation>Scanprofil: navnet {name!r} er allerede brugt</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="538" />
        <location filename="../../scanstation/ui/settings_dialog.py" line="540" />
        <source>New profile {n}</source>
        <translation>Ny profil {n}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="586" />
        <source>use 1–16 letters A–Z and digits, e.g. KOEGE1</source>
        <translation>brug 1–16 bogstaver A–Z og cifre, fx KOEGE1</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="587" />
        <source>choose or type a scanner</source>
        <translation>vælg eller skriv en scanner</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="588" />
        <source>type at least one language code, e.g. dan</source>
        <translation>skriv mindst én sprogkode, fx dan</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="589" />
        <source>type the barcode's text, 1–64 characters</source>
        <translation>skriv stregkodens tekst, 1–64 tegn</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="602" />
        <source>{field} {problem}</source>
        <translation>{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="629" />
        <source>The settings could not be saved: {problem}</source>
        <translation>Indstillingerne kunne ikke gemmes: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="656" />
        <source>The recipients could not be saved: {problem}</source>
        <translation>Modtagerne kunne ikke gemmes: {problem}</translation>
    </message>
    <message>
        <location filename="../../scanstation/ui/settings_dialog.py" line="660" />
        <source>Choose the drop folder</source>
        <translation>Vælg afleveringsmappen</translation>
    </message>
</context>
</TS>